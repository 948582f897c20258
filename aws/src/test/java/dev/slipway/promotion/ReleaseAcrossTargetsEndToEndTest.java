package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
import dev.slipway.audit.AuditEvent;
import dev.slipway.build.Build;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.RunningBuild;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseOrigin;
import dev.slipway.release.ReleaseState;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingAwsServer;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingPrometheusServer;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One release of the seed team's staging environment spanning every kind of target it deploys with:
 * the {@code api} image tag in a manifests repository, the {@code lambda-api} function behind a
 * Lambda alias, and the {@code infrastructure} applied by a command (standing in for terragrunt),
 * with a step before and after the deploy. CI deploys each commit's three builds to {@code dev},
 * where they are verified; staging takes releases cut from what dev verified, and the release
 * manager cuts one by hand ({@code slipway release cut --to staging --from dev}) and promotes it
 * ({@code slipway promote --env staging --release R}). Staging's release train leaves only in the
 * evening, so between departures staging does not follow dev by itself and every release here is
 * the hand cut's.
 */
final class ReleaseAcrossTargetsEndToEndTest {
  private static final String STAGING_FILE = "helmfile/overrides/staging.env";
  private static final String STAGING_ENV =
      "# Notify staging\nAPI_DOCKER_TAG: \"0000000\"\nADMIN_DOCKER_TAG: \"0000000\"\n";
  private static final Pattern API_TAG = Pattern.compile("API_DOCKER_TAG: \"([0-9a-f]+)\"");
  private static final String REGISTRY = "123456789012.dkr.ecr.ca-central-1.amazonaws.com";
  private static final String LAMBDA = "lambda-api";
  private static final String ALARM = "lambda-api-errors";
  private static final String ERRORS_QUERY =
      "sum(rate(http_requests_total{job=\"api\",version=\"%s\",code=~\"5..\"}[5m]))";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final String DEV_FILE = "helmfile/overrides/dev.env";
  private static final String DEV_LAMBDA = "lambda-api-dev";
  private static final String DEV_ALARM = "lambda-api-dev-errors";
  private static final EnvironmentName DEV = EnvironmentName.of("dev");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final ComponentName LAMBDA_API = ComponentName.of(LAMBDA);
  private static final ComponentName INFRASTRUCTURE = ComponentName.of("infrastructure");
  private static final Actor CI = Actor.person("CI", "ci@example.org");
  private static final Actor RELEASE_MANAGER = Actor.person("Release Manager", "rm@example.org");

  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingGitRemote manifests;
  private TestingStatusServer status;
  private TestingStatusServer devStatus;
  private TestingAwsServer aws;
  private TestingPrometheusServer prometheus;
  private Path applies;
  private Path terraformState;
  private Path failApply;
  private Path steps;
  private Path devTerraformState;
  private Slipway slipway;

  @BeforeEach
  void setUp() throws IOException {
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(STAGING_FILE, STAGING_ENV, DEV_FILE, STAGING_ENV.replace("staging", "dev")));
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    devStatus = TestingStatusServer.start();
    devStatus.reportVersion("0000000");
    aws = TestingAwsServer.start();
    aws.addImageFunction(LAMBDA, REGISTRY + "/lambda-api:0000000", "live");
    aws.addImageFunction(DEV_LAMBDA, REGISTRY + "/lambda-api:0000000", "live");
    aws.setPollsPerUpdate(0);
    aws.setAlarm(ALARM, "OK", "Threshold Crossed: no datapoints were above 5");
    aws.setAlarm(DEV_ALARM, "OK", "Threshold Crossed: no datapoints were above 5");
    prometheus = TestingPrometheusServer.start();
    prometheus.answerValue(Map.of("job", "api"), 0);
    applies = directory.resolve("applies.log");
    terraformState = directory.resolve("terraform.state");
    failApply = directory.resolve("fail-next-apply");
    steps = directory.resolve("steps.log");
    devTerraformState = directory.resolve("dev-terraform.state");
    Files.writeString(terraformState, "none\n");
    Path apply = directory.resolve("apply.sh");
    // Records what it was told, then changes the "state" as a terragrunt apply would; a marker
    // file makes it fail the way an apply refused by AWS does.
    Files.writeString(
        apply,
        """
        if [ -f '%1$s' ]; then
          echo "Error: creating RDS cluster: QuotaExceeded" >&2
          exit 1
        fi
        echo "$SLIPWAY_ACTION $SLIPWAY_COMMIT ${SLIPWAY_PREVIOUS_COMMIT:-none}\
         $SLIPWAY_ENVIRONMENT $SLIPWAY_COMPONENT $SLIPWAY_OPERATION" >> '%2$s'
        echo "$SLIPWAY_COMMIT" > '%3$s'
        echo "Apply complete! infrastructure at $SLIPWAY_SHORT_COMMIT"
        """
            .formatted(failApply, applies, terraformState));
    String config =
        """
        repositories:
          manifests:
            url: %1$s
        components:
          api: {}
          lambda-api: {}
          infrastructure: {}
        releases:
          environments:
            staging:
              train: {cron: "0 17 * * 1-5", zone: America/Toronto}
        environments:
          dev:
            policy: manual
            bakeTime: 1m
            rolloutTimeout: 5m
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/dev.env
                    key: API_DOCKER_TAG
                checks:
                  - type: http
                    url: %11$s
                    interval: 30s
                    failureThreshold: 2
              lambda-api:
                targets:
                  - type: lambda
                    function: lambda-api-dev
                    alias: live
                    imageUri: "%6$s/lambda-api:{shortCommit}"
                    region: ca-central-1
                    endpoint: %7$s
                checks:
                  - type: cloudwatch-alarm
                    alarms: [%12$s]
                    interval: 30s
                    failureThreshold: 2
                    region: ca-central-1
                    endpoint: %7$s
              infrastructure:
                targets:
                  - type: command
                    command: [sh, -c, 'echo "$SLIPWAY_COMMIT" > ''%13$s''']
                    timeout: 1m
                checks:
                  - type: command
                    command: [sh, -c, 'test "$(cat ''%13$s'')" = "$SLIPWAY_COMMIT"']
                    interval: 30s
                    failureThreshold: 2
          staging:
            upstream: dev
            policy: manual
            bakeTime: 2m
            rolloutTimeout: 5m
            steps:
              before:
                - name: backup
                  command: [sh, -c, "echo \\"backup $SLIPWAY_BUILDS\\" >> '%2$s'; echo snapshot taken"]
              after:
                - name: clear-cache
                  command: [sh, -c, "echo clear-cache >> '%2$s'; echo cache cleared"]
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/staging.env
                    key: API_DOCKER_TAG
                checks:
                  - type: http
                    url: %3$s
                    interval: 30s
                    failureThreshold: 2
                  - type: prometheus
                    url: %4$s
                    query: '%5$s'
                    comparison: "<"
                    threshold: 1
                    interval: 30s
                    failureThreshold: 2
              lambda-api:
                targets:
                  - type: lambda
                    function: lambda-api
                    alias: live
                    imageUri: "%6$s/lambda-api:{shortCommit}"
                    region: ca-central-1
                    endpoint: %7$s
                checks:
                  - type: cloudwatch-alarm
                    alarms: [%8$s]
                    interval: 30s
                    failureThreshold: 2
                    region: ca-central-1
                    endpoint: %7$s
              infrastructure:
                targets:
                  - type: command
                    command: [sh, '%9$s']
                    timeout: 1m
                checks:
                  - type: command
                    command: [sh, -c, 'test "$(cat ''%10$s'')" = "$SLIPWAY_COMMIT"']
                    interval: 30s
                    failureThreshold: 2
        """
            .formatted(
                manifests.url(),
                steps,
                status.url(),
                prometheus.url(),
                ERRORS_QUERY.formatted("{shortCommit}"),
                REGISTRY,
                aws.endpoint(),
                ALARM,
                apply,
                terraformState,
                devStatus.url(),
                DEV_ALARM,
                devTerraformState);
    slipway = TestingSlipway.open(directory.resolve("slipway"), TestDatabase.H2, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    prometheus.close();
    aws.close();
    devStatus.close();
    status.close();
  }

  @Test
  void restoresTheApiTheLambdaAndTheInfrastructureTogetherWhenPrometheusFailsDuringTheBake()
      throws IOException {
    Release shipped = releaseTheGoodBuilds();
    verifyInDev(BAD);
    int commitsBefore = manifests.commitCount();

    Release release = cutRelease();
    assertThat(release.origin()).isEqualTo(ReleaseOrigin.MANUAL);
    assertThat(release.source()).isEqualTo(DEV);
    assertThat(release.builds())
        .extracting(Build::ref)
        .containsExactlyInAnyOrder(
            new BuildRef(API, BAD),
            new BuildRef(LAMBDA_API, BAD),
            new BuildRef(INFRASTRUCTURE, BAD));
    long id = promote(release);
    run();

    assertThat(promotion(id).release()).contains(release.id());
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(manifests.commitCount())
        .as("the api went out in one commit")
        .isEqualTo(commitsBefore + 1);
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(stagingEnvWithApiTag("badbadb"));
    assertThat(aws.code(LAMBDA)).isEqualTo(REGISTRY + "/lambda-api:badbadb");
    assertThat(aws.alias(LAMBDA, "live").version()).isEqualTo("3");
    assertThat(Files.readAllLines(applies))
        .last()
        .asString()
        .startsWith("deploy " + BAD.value() + " " + GOOD.value() + " staging infrastructure ");

    clusterSyncsTheManifests();
    advance(Duration.ofSeconds(30));
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.VERIFYING);

    // The new api's 5xx rate climbs once real traffic reaches it; the previous one stays clean.
    prometheus.answerQuery(
        ERRORS_QUERY.formatted("a1b2c3d"),
        List.of(TestingPrometheusServer.Series.of(Map.of("job", "api"), 0)));
    prometheus.answerValue(Map.of("job", "api", "version", "badbadb"), 7);
    advance(Duration.ofSeconds(30));
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.VERIFYING);
    advance(Duration.ofSeconds(30));

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    assertThat(manifests.commitCount()).isEqualTo(commitsBefore + 2);
    assertThat(manifests.subjects().get(0)).startsWith("Revert ");
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(stagingEnvWithApiTag("a1b2c3d"));
    assertThat(aws.alias(LAMBDA, "live").version())
        .as("the alias is back on the version the release replaced")
        .isEqualTo("2");
    assertThat(Files.readAllLines(applies))
        .last()
        .asString()
        .startsWith("restore " + GOOD.value() + " " + BAD.value() + " staging infrastructure ");
    assertThat(Files.readString(terraformState)).isEqualTo(GOOD.value() + "\n");

    clusterSyncsTheManifests();
    advance(Duration.ofSeconds(30));

    Promotion failed = promotion(id);
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("api check prometheus")
        .contains("failed 2 times in a row")
        .contains("{job=\"api\", version=\"badbadb\"} is 7, not < 1")
        .contains("the previous versions were restored");
    assertThat(runningInStaging())
        .hasSize(3)
        .allSatisfy(running -> assertThat(running.build().orElseThrow().commit()).isEqualTo(GOOD));
    assertThat(slipway.releases().repository().getRelease(release.id()).state())
        .as("a release whose promotion failed has not shipped; a newer cut will supersede it")
        .isEqualTo(ReleaseState.OPEN);
    assertThat(slipway.releases().listPromotions(release.id()))
        .singleElement()
        .satisfies(
            promotion -> {
              assertThat(promotion.id()).isEqualTo(id);
              assertThat(promotion.phase()).isEqualTo(PromotionPhase.FAILED);
            });
    assertThat(slipway.releases().repository().getRelease(shipped.id()).state())
        .isEqualTo(ReleaseState.SHIPPED);
    assertThatThrownBy(this::cutRelease)
        .as("the builds are rejected in staging, so no release brings them there again")
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage(
            "nothing to release to staging: dev has verified no build of a component staging"
                + " deploys");
    assertInOrder(
        messages(id),
        "Requested by Release Manager <rm@example.org>: release " + release.id(),
        "Step before the deploy 'backup' finished",
        "Applied promotion-" + id + ".",
        "infrastructure command sh "
            + directory.resolve("apply.sh")
            + ": Apply complete! infrastructure at badbadb",
        "Moved lambda-api:live from version 2 to version 3",
        "Step after the deploy 'clear-cache' finished",
        "Rolled out: ",
        "failed (1 of 2)",
        "Rolling back: api check prometheus",
        "-revert in ",
        "infrastructure command sh "
            + directory.resolve("apply.sh")
            + ": Apply complete! infrastructure at a1b2c3d",
        "Moved lambda-api:live from version 3 to version 2",
        "Failed: ");
    assertThat(Files.readAllLines(steps))
        .containsExactly(
            "backup api@"
                + GOOD.value()
                + " infrastructure@"
                + GOOD.value()
                + " lambda-api@"
                + GOOD.value(),
            "clear-cache",
            "backup api@"
                + BAD.value()
                + " infrastructure@"
                + BAD.value()
                + " lambda-api@"
                + BAD.value(),
            "clear-cache");
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), "promotion:" + id))
        .extracting(AuditEvent::action)
        .containsExactly(
            "promotion.requested",
            "promotion.deploying",
            "promotion.rolling-out",
            "promotion.verifying",
            "promotion.rolling-back",
            "promotion.failed");
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), "promotion:" + id).get(0))
        .extracting(AuditEvent::details)
        .asString()
        .contains("\"release\":" + release.id());
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), release.subject()))
        .extracting(AuditEvent::action)
        .containsExactly("release.cut");
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), shipped.subject()))
        .extracting(AuditEvent::action)
        .containsExactly("release.cut", "release.shipped");
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  /**
   * The engine deploys a promotion's components in the order of their names (api, infrastructure,
   * lambda-api), one operation per deployer: a failing apply stops the release after the manifests
   * commit and before the Lambda is touched.
   */
  @Test
  void undoesTheManifestsCommitAndLeavesTheLambdaAloneWhenTheInfrastructureApplyFails()
      throws IOException {
    releaseTheGoodBuilds();
    verifyInDev(BAD);
    int commitsBefore = manifests.commitCount();
    List<String> appliesBefore = Files.readAllLines(applies);
    Files.writeString(failApply, "");

    Release release = cutRelease();
    long id = promote(release);
    run();

    Promotion errored = promotion(id);
    assertThat(errored.release()).contains(release.id());
    assertThat(errored.phase()).isEqualTo(PromotionPhase.ERRORED);
    assertThat(errored.outcome().orElseThrow())
        .startsWith("deploying failed: infrastructure command sh ")
        .contains("exited with 1")
        .contains("Error: creating RDS cluster: QuotaExceeded");
    assertThat(manifests.commitCount())
        .as("the deploy commit and the commit undoing it")
        .isEqualTo(commitsBefore + 2);
    assertThat(manifests.subjects().get(0))
        .isEqualTo("Undo partial deploy of promotion " + id + " to staging");
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(stagingEnvWithApiTag("a1b2c3d"));
    assertThat(Files.readAllLines(applies)).isEqualTo(appliesBefore);
    assertThat(Files.readString(terraformState)).isEqualTo(GOOD.value() + "\n");
    assertThat(aws.alias(LAMBDA, "live").version()).isEqualTo("2");
    assertThat(aws.versions(LAMBDA)).hasSize(2);
    assertThat(aws.code(LAMBDA)).isEqualTo(REGISTRY + "/lambda-api:a1b2c3d");
    assertInOrder(
        messages(id),
        "Step before the deploy 'backup' finished",
        "Applied promotion-" + id + ".",
        "Error: creating RDS cluster: QuotaExceeded",
        "-deploy-undo in ",
        "Errored: deploying failed: ");
    assertThat(runningInStaging())
        .hasSize(3)
        .allSatisfy(running -> assertThat(running.build().orElseThrow().commit()).isEqualTo(GOOD));
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), "promotion:" + id))
        .extracting(AuditEvent::action)
        .containsExactly("promotion.requested", "promotion.deploying", "promotion.errored");
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  /**
   * The last operation of the release fails: the manifests line is reverted and the infrastructure
   * applied again with the previous commit, so nothing of the release stays in place.
   */
  @Test
  void restoresTheApiAndTheInfrastructureWhenTheLambdaUpdateFailsAfterThem() throws IOException {
    releaseTheGoodBuilds();
    verifyInDev(BAD);
    int commitsBefore = manifests.commitCount();
    aws.failNextUpdate(LAMBDA, "The image manifest or layer media type is not supported.");

    Release release = cutRelease();
    long id = promote(release);
    run();

    Promotion errored = promotion(id);
    assertThat(errored.release()).contains(release.id());
    assertThat(errored.phase()).isEqualTo(PromotionPhase.ERRORED);
    assertThat(errored.outcome().orElseThrow())
        .startsWith("deploying failed: updating the code of lambda function lambda-api failed")
        .contains("The image manifest or layer media type is not supported.");
    assertThat(manifests.commitCount()).isEqualTo(commitsBefore + 2);
    assertThat(manifests.subjects().get(0))
        .isEqualTo("Undo partial deploy of promotion " + id + " to staging");
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(stagingEnvWithApiTag("a1b2c3d"));
    List<String> applied = Files.readAllLines(applies);
    assertThat(applied.get(applied.size() - 2))
        .startsWith("deploy " + BAD.value() + " " + GOOD.value() + " staging infrastructure ");
    assertThat(applied.get(applied.size() - 1))
        .startsWith("restore " + GOOD.value() + " " + BAD.value() + " staging infrastructure ")
        .endsWith("-deploy-undo-2");
    assertThat(Files.readString(terraformState)).isEqualTo(GOOD.value() + "\n");
    assertThat(aws.alias(LAMBDA, "live").version()).isEqualTo("2");
    assertThat(aws.versions(LAMBDA)).as("nothing was published").hasSize(2);
    assertInOrder(
        messages(id),
        "Applied promotion-" + id + ".",
        "Apply complete! infrastructure at badbadb",
        "Updating the code of lambda-api",
        "-deploy-undo in ",
        "Apply complete! infrastructure at a1b2c3d",
        "Errored: deploying failed: ");
    assertThat(runningInStaging())
        .hasSize(3)
        .allSatisfy(running -> assertThat(running.build().orElseThrow().commit()).isEqualTo(GOOD));
  }

  private static String stagingEnvWithApiTag(String tag) {
    return STAGING_ENV.replaceFirst(
        "API_DOCKER_TAG: \"0000000\"", "API_DOCKER_TAG: \"" + tag + "\"");
  }

  /** The good commit's release, verified in dev, cut, promoted to staging and shipped. */
  private Release releaseTheGoodBuilds() {
    verifyInDev(GOOD);
    Release release = cutRelease();
    long id = promote(release);
    run();
    clusterSyncsTheManifests();
    advance(Duration.ofSeconds(30));
    advance(Duration.ofMinutes(2));
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(slipway.releases().repository().getRelease(release.id()).state())
        .isEqualTo(ReleaseState.SHIPPED);
    return release;
  }

  /**
   * What CI does for each commit: registers its three builds and deploys them to dev together,
   * where their checks verify them through dev's bake time. Releases for staging are cut from this.
   */
  private void verifyInDev(CommitSha commit) {
    for (ComponentName component : List.of(API, LAMBDA_API, INFRASTRUCTURE)) {
      slipway
          .registry()
          .register(
              new BuildRegistration(
                  component, commit, Optional.empty(), Optional.empty(), Optional.empty()),
              CI);
    }
    long id =
        slipway
            .engine()
            .requests()
            .promote(
                DEV,
                List.of(
                    new BuildRef(API, commit),
                    new BuildRef(LAMBDA_API, commit),
                    new BuildRef(INFRASTRUCTURE, commit)),
                CI,
                Optional.of("commit " + commit.shortSha()))
            .id();
    run();
    clusterSyncs(DEV_FILE, devStatus);
    advance(Duration.ofSeconds(30));
    advance(Duration.ofMinutes(1));
    assertThat(promotion(id).phase())
        .as("dev verified %s", commit)
        .isEqualTo(PromotionPhase.SUCCEEDED);
  }

  /** {@code slipway release cut --to staging --from dev}, as the release manager. */
  private Release cutRelease() {
    return slipway.releases().cut(STAGING, Optional.of(DEV), RELEASE_MANAGER);
  }

  /** {@code slipway promote --env staging --release R}, as the release manager. */
  private long promote(Release release) {
    return slipway.releases().promote(release.id(), RELEASE_MANAGER, Optional.empty()).id();
  }

  private List<RunningBuild> runningInStaging() {
    return slipway.environments().listRunning().stream()
        .filter(running -> running.environment().equals(STAGING))
        .toList();
  }

  private void clusterSyncsTheManifests() {
    clusterSyncs(STAGING_FILE, status);
  }

  /**
   * What Argo CD does in the seed's clusters: the environment's api runs the tag its file in the
   * manifests names.
   */
  private void clusterSyncs(String file, TestingStatusServer api) {
    Matcher tag = API_TAG.matcher(manifests.readFile(file));
    assertThat(tag.find()).isTrue();
    api.reportVersion(tag.group(1));
  }

  private static void assertInOrder(List<String> messages, String... fragments) {
    int from = 0;
    for (String fragment : fragments) {
      int found = -1;
      for (int i = from; i < messages.size() && found < 0; i++) {
        if (messages.get(i).contains(fragment)) {
          found = i;
        }
      }
      assertThat(found)
          .as("a step-log line containing '%s' after line %d of %s", fragment, from, messages)
          .isNotNegative();
      from = found + 1;
    }
  }

  private List<String> messages(long id) {
    return slipway.engine().promotions().listSteps(id).stream()
        .map(PromotionStep::message)
        .toList();
  }

  private Promotion promotion(long id) {
    return slipway.engine().promotions().getPromotion(id);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }
}
