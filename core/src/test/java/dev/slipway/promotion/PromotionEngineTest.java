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
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor CI = Actor.person("CI", "ci@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer stagingStatus;
  private TestingStatusServer productionStatus;
  private TestingGitRemote manifests;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    database.assumeAvailable();
    stagingStatus = TestingStatusServer.start();
    productionStatus = TestingStatusServer.start();
    stagingStatus.reportVersion("0000000");
    productionStatus.reportVersion("0000000");
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                "helmfile/overrides/staging.env", STAGING_ENV,
                "helmfile/overrides/production.env", STAGING_ENV));
    String config =
        """
        repositories:
          manifests:
            url: %s
        components:
          api: {}
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
            .formatted(manifests.url(), stagingStatus.url(), productionStatus.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    if (stagingStatus != null) {
      stagingStatus.close();
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
        .contains("Slipway-Operation: promotion-" + promotion.id() + "-deploy");

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
    assertThat(slipway.environments().listRunning().get(0).build().orElseThrow().commit())
        .isEqualTo(GOOD);

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

  private void deployGoodBuildToStaging() {
    register(GOOD);
    run();
    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
    assertThat(latest(STAGING).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
  }

  private void register(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
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
