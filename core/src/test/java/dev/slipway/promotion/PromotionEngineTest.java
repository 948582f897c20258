package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.RunningBuild;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabase.class)
class PromotionEngineTest {
  private static final String STAGING_ENV =
      "# Notify staging\nAPI_DOCKER_TAG: \"0000000\"\n\n# admin\nADMIN_DOCKER_TAG: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final CommitSha NEXT = CommitSha.of("1111111111111111111111111111111111111111");
  private static final CommitSha ADMIN_COMMIT =
      CommitSha.of("adadadadadadadadadadadadadadadadadadadad");
  private static final String STAGING_FILE = "helmfile/overrides/staging.env";
  private static final ComponentName API = ComponentName.of("api");
  private static final ComponentName ADMIN = ComponentName.of("admin");
  private static final Actor CI = Actor.person("CI", "ci@example.org");
  private static final Actor ALICE = Actor.person("Alice", "alice@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer stagingStatus;
  private TestingStatusServer adminStatus;
  private TestingStatusServer productionStatus;
  private TestingGitRemote manifests;
  private String config;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    database.assumeAvailable();
    stagingStatus = TestingStatusServer.start();
    adminStatus = TestingStatusServer.start();
    productionStatus = TestingStatusServer.start();
    stagingStatus.reportVersion("0000000");
    adminStatus.reportVersion("0000000");
    productionStatus.reportVersion("0000000");
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                "helmfile/overrides/staging.env", STAGING_ENV,
                "helmfile/overrides/production.env", STAGING_ENV));
    config =
        """
        repositories:
          manifests:
            url: %s
        components:
          api: {}
          admin: {}
        environments:
          staging:
            policy: automatic
            bakeTime: 1m
            rolloutTimeout: 5m
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/staging.env
                    key: API_DOCKER_TAG
                checks:
                  - type: http
                    url: %s
                    interval: 10s
                    failureThreshold: 2
              admin:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/staging.env
                    key: ADMIN_DOCKER_TAG
                checks:
                  - type: http
                    url: %s
                    interval: 10s
          production:
            upstream: staging
            policy: manual
            bakeTime: 1m
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/production.env
                    key: API_DOCKER_TAG
                checks:
                  - type: http
                    url: %s
                    interval: 10s
        """
            .formatted(
                manifests.url(), stagingStatus.url(), adminStatus.url(), productionStatus.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    if (stagingStatus != null) {
      stagingStatus.close();
      adminStatus.close();
      productionStatus.close();
    }
  }

  @Test
  void deploysARegisteredBuildToStagingAndSucceedsAfterTheBakeTime() {
    register(GOOD);
    run();

    Promotion promotion = onlyPromotion(STAGING);
    assertThat(promotion.phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(manifests.readFile("helmfile/overrides/staging.env"))
        .isEqualTo(STAGING_ENV.replaceFirst("0000000", "a1b2c3d"));
    assertThat(manifests.subjects().get(0)).isEqualTo("Deploy api@a1b2c3d to staging");
    assertThat(manifests.messages().get(0))
        .contains("requested by CI <ci@example.org> (automatic)")
        .contains(
            "Slipway-Operation: promotion-"
                + promotion.id()
                + "."
                + promotion.createdAt().toEpochMilli()
                + "-deploy");

    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    assertThat(onlyPromotion(STAGING).phase()).isEqualTo(PromotionPhase.VERIFYING);

    for (int i = 0; i < 5; i++) {
      advance(Duration.ofSeconds(10));
      assertThat(onlyPromotion(STAGING).phase()).isEqualTo(PromotionPhase.VERIFYING);
    }
    advance(Duration.ofSeconds(10));

    assertThat(onlyPromotion(STAGING).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    RunningBuild running = slipway.environments().listRunning().get(0);
    assertThat(running.build().orElseThrow().commit()).isEqualTo(GOOD);
    assertThat(running.environment()).isEqualTo(STAGING);
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
    assertThat(slipway.engine().promotions().listPromotions(Optional.of(PRODUCTION), 10))
        .as("production is manual")
        .isEmpty();
  }

  @Test
  void rollsBackWithARevertCommitWhenChecksFailDuringTheBakeTime() {
    deployGoodBuildToStaging();
    register(BAD);
    run();
    stagingStatus.reportVersion("badbadb");
    advance(Duration.ofSeconds(10));
    assertThat(latest(STAGING).phase()).isEqualTo(PromotionPhase.VERIFYING);

    stagingStatus.answer(500, "{\"commit_sha\": \"badbadb\", \"status\": \"error\"}");
    advance(Duration.ofSeconds(10));
    assertThat(latest(STAGING).phase()).isEqualTo(PromotionPhase.VERIFYING);
    advance(Duration.ofSeconds(10));

    Promotion failing = latest(STAGING);
    assertThat(failing.phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    assertThat(manifests.readFile("helmfile/overrides/staging.env"))
        .isEqualTo(STAGING_ENV.replaceFirst("0000000", "a1b2c3d"));
    assertThat(manifests.subjects().get(0)).isEqualTo("Revert \"Deploy api@badbadb to staging\"");
    assertThat(manifests.messages().get(0))
        .contains("This reverts commit " + failing.deployReference().orElseThrow());

    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));

    Promotion failed = latest(STAGING);
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("failed 2 times in a row")
        .contains("the previous versions were restored");
    assertThat(slipway.environments().listRejections(Optional.of(STAGING)))
        .singleElement()
        .satisfies(rejection -> assertThat(rejection.build().commit()).isEqualTo(BAD));
    RunningBuild restored = slipway.environments().listRunning().get(0);
    assertThat(restored.build().orElseThrow().commit()).isEqualTo(GOOD);
    assertThat(restored.deployedBy())
        .as("the restore is Slipway's own doing, not the bad build's requester's")
        .isEqualTo(Actor.SLIPWAY);

    slipway
        .registry()
        .register(
            new BuildRegistration(API, BAD, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    assertThat(slipway.engine().promotions().listPromotions(Optional.of(STAGING), 10))
        .as("registering a rejected build again does not promote it again")
        .hasSize(2);
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  @Test
  void rollsBackWhenStatusNeverReportsTheNewCommit() {
    deployGoodBuildToStaging();
    register(BAD);
    run();
    advance(Duration.ofMinutes(5));

    Promotion failed = latest(STAGING);
    assertThat(failed.phase())
        .as("the previous version is still reported, so the restore is confirmed at once")
        .isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("did not show the new version within 5m")
        .contains("reports a1b2c3d");
    assertThat(manifests.readFile("helmfile/overrides/staging.env"))
        .isEqualTo(STAGING_ENV.replaceFirst("0000000", "a1b2c3d"));
  }

  @Test
  void promotesByHandAndRollsBackByHandWithARevertCommit() {
    deployGoodBuildToStaging();
    Promotion promotion =
        slipway
            .engine()
            .requests()
            .promote(
                PRODUCTION,
                List.of(new BuildRef(API, GOOD)),
                Actor.person("Alice", "alice@example.org"),
                Optional.of("weekly release"));
    run();
    productionStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
    assertThat(slipway.engine().promotions().getPromotion(promotion.id()).phase())
        .isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(manifests.messages().get(0))
        .startsWith("Deploy api@a1b2c3d to production")
        .contains("requested by Alice <alice@example.org> (manual)")
        .contains("Reason: weekly release");

    Promotion rollback =
        slipway
            .engine()
            .requests()
            .rollback(PRODUCTION, Actor.person("Bob", "bob@example.org"), Optional.of("errors up"));
    run();
    assertThat(manifests.readFile("helmfile/overrides/production.env")).isEqualTo(STAGING_ENV);
    assertThat(manifests.subjects().get(0))
        .isEqualTo("Revert \"Deploy api@a1b2c3d to production\"");
    productionStatus.reportVersion("0000000");
    advance(Duration.ofSeconds(10));

    Promotion done = slipway.engine().promotions().getPromotion(rollback.id());
    assertThat(done.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(done.kind()).isEqualTo(PromotionKind.ROLLBACK);
    assertThat(slipway.environments().listRejections(Optional.of(PRODUCTION)))
        .singleElement()
        .satisfies(
            r -> assertThat(r.reason()).contains("rolled back by Bob").contains("errors up"));
    assertThatThrownBy(() -> slipway.engine().requests().rollback(PRODUCTION, CI, Optional.empty()))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessageContaining("nothing to roll back in production");
  }

  @Test
  void queuesPromotionsOfOneEnvironmentAndReplacesStaleAutomaticOnes() {
    register(GOOD);
    run();
    register(CommitSha.of("1111111111111111111111111111111111111111"));
    register(CommitSha.of("2222222222222222222222222222222222222222"));
    run();

    List<Promotion> promotions =
        slipway.engine().promotions().listPromotions(Optional.of(STAGING), 10);
    assertThat(promotions)
        .extracting(Promotion::phase)
        .containsExactly(
            PromotionPhase.PENDING, PromotionPhase.PENDING, PromotionPhase.ROLLING_OUT);

    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));

    promotions = slipway.engine().promotions().listPromotions(Optional.of(STAGING), 10);
    assertThat(promotions)
        .extracting(Promotion::phase)
        .containsExactly(
            PromotionPhase.ROLLING_OUT, PromotionPhase.CANCELLED, PromotionPhase.SUCCEEDED);
    assertThat(promotions.get(1).outcome().orElseThrow())
        .isEqualTo("superseded by promotion " + promotions.get(0).id() + " (api@2222222)");
  }

  @Test
  void errorsWhenTheManifestsLineIsGoneFreesStagingAndStartsTheNextPromotion() {
    manifests.commitAsSomeoneElse(
        "Rename the admin tag",
        Map.of(
            STAGING_FILE,
            STAGING_ENV.replace("ADMIN_DOCKER_TAG: \"0000000\"", "ADMIN_IMAGE: \"0000000\"")));
    int commitsBefore = manifests.commitCount();
    Promotion admin = registerAdmin(ADMIN_COMMIT).orElseThrow();
    register(GOOD);
    run();

    Promotion errored = slipway.engine().promotions().getPromotion(admin.id());
    assertThat(errored.phase()).isEqualTo(PromotionPhase.ERRORED);
    String reason =
        "deploying failed: helmfile/overrides/staging.env in repository manifests: key"
            + " ADMIN_DOCKER_TAG is not set in the file";
    assertThat(errored.outcome()).contains(reason);
    assertThat(errored.finishedAt()).isPresent();
    assertThat(slipway.engine().promotions().listSteps(admin.id()))
        .last()
        .isEqualTo(new PromotionStep(clock.instant(), StepSeverity.ERROR, "Errored: " + reason));
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), errored.subject()))
        .last()
        .satisfies(
            event -> {
              assertThat(event.action()).isEqualTo("promotion.errored");
              assertThat(event.details()).contains(reason);
            });

    Promotion next = latest(STAGING);
    assertThat(next.id()).isNotEqualTo(admin.id());
    assertThat(next.phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(activePromotion(STAGING)).contains(next.id());
    assertThat(manifests.commitCount()).isEqualTo(commitsBefore + 1);
    assertThat(manifests.subjects().get(0)).isEqualTo("Deploy api@a1b2c3d to staging");
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  @Test
  void deploysOnTopOfSomeoneElsesCommitAndRevertsOnlyItsOwnLine() {
    deployGoodBuildToStaging();
    String theirs =
        STAGING_ENV
            .replace("# admin", "# admin, pinned by the release bot")
            .replace("ADMIN_DOCKER_TAG: \"0000000\"", "ADMIN_DOCKER_TAG: \"7777777\"")
            .replace("API_DOCKER_TAG: \"0000000\"", "API_DOCKER_TAG: \"a1b2c3d\"");
    String theirCommit =
        manifests.commitAsSomeoneElse(
            "Pin admin",
            Map.of(STAGING_FILE, theirs, "helmfile/overrides/dev.env", "API_DOCKER_TAG: dev\n"));

    register(BAD);
    run();

    assertThat(latest(STAGING).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(manifests.subjects().get(0)).isEqualTo("Deploy api@badbadb to staging");
    assertThat(manifests.commits().get(0).getParent(0).name()).isEqualTo(theirCommit);
    assertThat(manifests.readFile(STAGING_FILE))
        .isEqualTo(theirs.replace("API_DOCKER_TAG: \"a1b2c3d\"", "API_DOCKER_TAG: \"badbadb\""));
    assertThat(manifests.readFile("helmfile/overrides/dev.env")).isEqualTo("API_DOCKER_TAG: dev\n");

    advance(Duration.ofMinutes(5));

    assertThat(latest(STAGING).phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(manifests.subjects().get(0)).isEqualTo("Revert \"Deploy api@badbadb to staging\"");
    assertThat(manifests.readFile(STAGING_FILE))
        .as("the revert restores our line and keeps the release bot's")
        .isEqualTo(theirs);
    assertThat(manifests.readFile("helmfile/overrides/dev.env")).isEqualTo("API_DOCKER_TAG: dev\n");
  }

  @Test
  void cancelsAPendingPromotionSoItNeverDeploys() {
    register(GOOD);
    run();
    Promotion waiting = register(BAD).orElseThrow();
    run();
    assertThat(slipway.engine().promotions().getPromotion(waiting.id()).phase())
        .isEqualTo(PromotionPhase.PENDING);

    Promotion cancelled =
        slipway
            .engine()
            .requests()
            .cancel(waiting.id(), ALICE, Optional.of("the fix is not ready"));

    assertThat(cancelled.phase()).isEqualTo(PromotionPhase.CANCELLED);
    assertThat(cancelled.outcome()).contains("the fix is not ready");
    assertThat(slipway.engine().promotions().listSteps(waiting.id()))
        .last()
        .extracting(PromotionStep::message)
        .isEqualTo("Cancelled by Alice <alice@example.org>: the fix is not ready");
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), waiting.subject()))
        .last()
        .satisfies(
            event -> {
              assertThat(event.action()).isEqualTo("promotion.cancelled");
              assertThat(event.actor()).isEqualTo(ALICE.toString());
            });

    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));

    assertThat(slipway.engine().promotions().listPromotions(Optional.of(STAGING), 10))
        .extracting(Promotion::phase)
        .containsExactly(PromotionPhase.CANCELLED, PromotionPhase.SUCCEEDED);
    assertThat(manifests.subjects()).noneMatch(subject -> subject.contains("badbadb"));
    assertThat(activePromotion(STAGING)).isEmpty();
  }

  @Test
  void refusesToCancelARunningPromotion() {
    Promotion running = register(GOOD).orElseThrow();
    run();

    assertThatThrownBy(
            () -> slipway.engine().requests().cancel(running.id(), ALICE, Optional.empty()))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage("promotion %d is rolling_out; it cannot go to cancelled", running.id());
    assertThatThrownBy(() -> slipway.engine().requests().cancel(999, ALICE, Optional.empty()))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND))
        .hasMessage("promotion 999 does not exist");

    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
    assertThat(slipway.engine().promotions().getPromotion(running.id()).phase())
        .isEqualTo(PromotionPhase.SUCCEEDED);
  }

  @Test
  void refusesARollbackWhileAPromotionIsRunning() {
    deployGoodBuildToStaging();
    Promotion running = register(BAD).orElseThrow();
    run();

    assertThatThrownBy(
            () ->
                slipway.engine().requests().rollback(STAGING, ALICE, Optional.of("errors are up")))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage(
            "promotion %d is rolling_out in staging; it rolls back on its own if its checks fail."
                + " Roll back once it has finished",
            running.id());

    assertThat(slipway.engine().promotions().listPromotions(Optional.of(STAGING), 10))
        .extracting(Promotion::kind)
        .containsOnly(PromotionKind.DEPLOY);
    assertThat(slipway.environments().listRejections(Optional.of(STAGING))).isEmpty();
    assertThat(slipway.engine().promotions().getPromotion(running.id()).phase())
        .isEqualTo(PromotionPhase.ROLLING_OUT);
  }

  @Test
  void aNewDatabaseDoesNotTakeAnEarlierInstallationsCommitForItsOwn() {
    deployGoodBuildToStaging();
    slipway.close();
    // The same manifests repository, a fresh database: promotion numbers start again at 1.
    slipway = TestingSlipway.open(directory.resolve("slipway-2"), database, config, clock);
    stagingStatus.reportVersion("a1b2c3d");

    Promotion promotion = register(NEXT).orElseThrow();
    run();

    assertThat(slipway.engine().promotions().getPromotion(promotion.id()).phase())
        .isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(manifests.subjects().get(0)).isEqualTo("Deploy api@1111111 to staging");
    assertThat(manifests.readFile(STAGING_FILE))
        .isEqualTo(STAGING_ENV.replaceFirst("0000000", "1111111"));
  }

  private void deployGoodBuildToStaging() {
    register(GOOD);
    run();
    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
    assertThat(latest(STAGING).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
  }

  /** Registers an api build; returns the promotion it queued in staging, if it queued one. */
  private Optional<Promotion> register(CommitSha commit) {
    return registerBuild(API, commit);
  }

  private Optional<Promotion> registerAdmin(CommitSha commit) {
    return registerBuild(ADMIN, commit);
  }

  private Optional<Promotion> registerBuild(ComponentName component, CommitSha commit) {
    long before = latestId();
    slipway
        .registry()
        .register(
            new BuildRegistration(
                component, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    long after = latestId();
    return after == before
        ? Optional.empty()
        : Optional.of(slipway.engine().promotions().getPromotion(after));
  }

  private long latestId() {
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).stream()
        .mapToLong(Promotion::id)
        .findFirst()
        .orElse(0);
  }

  private Optional<Long> activePromotion(EnvironmentName environment) {
    return slipway
        .database()
        .jdbi()
        .withHandle(handle -> slipway.environments().findActivePromotionId(handle, environment));
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }

  private Promotion latest(EnvironmentName environment) {
    return slipway.engine().promotions().listPromotions(Optional.of(environment), 1).get(0);
  }

  private Promotion onlyPromotion(EnvironmentName environment) {
    List<Promotion> promotions =
        slipway.engine().promotions().listPromotions(Optional.of(environment), 10);
    assertThat(promotions).hasSize(1);
    return promotions.get(0);
  }
}
