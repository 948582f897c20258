package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps before and after a deploy, run by the engine with real processes against a real manifests
 * repository and status endpoint.
 */
class DeployStepsTest {
  private static final String STAGING_FILE = "helmfile/overrides/staging.env";
  private static final String STAGING_ENV = "# Notify staging\nAPI_DOCKER_TAG: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor CI = Actor.person("CI", "ci@example.org");
  private static final String INSTANCE = "test-instance";

  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
  private TestingGitRemote manifests;
  private SlipwaySettings settings;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"), "main", Map.of(STAGING_FILE, STAGING_ENV));
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    status.close();
  }

  @Test
  void aFailingBeforeStepStopsThePromotionBeforeAnythingIsWritten() {
    open(
        """
        before:
          - name: backup
            command: [sh, -c, "echo snapshot taken"]
          - name: migrate
            command: [sh, -c, "echo 'relation users already exists' >&2; exit 4"]
          - name: never
            command: [sh, -c, "touch %s"]
        """
            .formatted(directory.resolve("never-ran")));

    long id = register();
    run();

    Promotion promotion = promotion(id);
    assertThat(promotion.phase()).isEqualTo(PromotionPhase.ERRORED);
    assertThat(promotion.outcome().orElseThrow())
        .isEqualTo(
            "deploying failed: step before the deploy 'migrate' failed, so nothing was deployed:"
                + " exited with 4; last lines: relation users already exists");
    assertThat(manifests.commitCount()).as("nothing was pushed").isEqualTo(1);
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(STAGING_ENV);
    assertThat(directory.resolve("never-ran")).doesNotExist();
    assertThat(messages(id))
        .containsSubsequence(
            "Step before the deploy 'backup' started: sh -c echo snapshot taken",
            "backup: snapshot taken",
            "Step before the deploy 'backup' finished in 0s",
            "migrate: relation users already exists",
            "Step before the deploy 'migrate' failed: exited with 4; last lines: relation users"
                + " already exists");
    assertThat(slipway.environments().listRunning()).isEmpty();
  }

  @Test
  void beforeStepsAreToldWhatIsDeployedAndTheirOutputGoesToTheStepLog() {
    open(
        """
        before:
          - name: backup
            command: [sh, -c, "echo \\"$SLIPWAY_STEP_STAGE $SLIPWAY_ENVIRONMENT $SLIPWAY_BUILDS\\""]
        """);

    long id = register();
    run();

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(messages(id)).contains("backup: before staging api@" + GOOD.value());
    assertThat(manifests.readFile(STAGING_FILE)).contains("a1b2c3d");
  }

  @Test
  void aFailingAfterStepThatRollsBackRestoresThePreviousVersion() {
    open(
        """
        after:
          - name: clear-cache
            command: [sh, -c, "echo redis unreachable; exit 1"]
            onFailure: rollback
        """);

    long id = register();
    run();
    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));

    Promotion rollingBack = promotion(id);
    assertThat(rollingBack.phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    assertThat(rollingBack.outcome().orElseThrow())
        .isEqualTo(
            "step after the deploy 'clear-cache' failed: exited with 1; last lines: redis"
                + " unreachable");
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(STAGING_ENV);
    assertThat(manifests.subjects().get(0)).startsWith("Revert ");

    status.reportVersion("0000000");
    advance(Duration.ofSeconds(10));

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(messages(id)).contains("clear-cache: redis unreachable");
  }

  @Test
  void aFailingAfterStepThatReportsLetsThePromotionCarryOn() {
    open(
        """
        after:
          - name: clear-cache
            command: [sh, -c, "exit 1"]
          - name: warm-cache
            command: [sh, -c, "echo warmed"]
        """);

    long id = register();
    run();
    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.VERIFYING);
    assertThat(slipway.engine().promotions().listSteps(id))
        .filteredOn(step -> step.message().startsWith("Step after the deploy 'clear-cache'"))
        .last()
        .satisfies(
            step -> {
              assertThat(step.severity()).isEqualTo(StepSeverity.WARNING);
              assertThat(step.message()).endsWith("failed: exited with 1");
            });
    assertThat(messages(id)).contains("warm-cache: warmed");

    advance(Duration.ofMinutes(1));
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
  }

  @Test
  void aStepFinishedBeforeAStopIsNotRunAgain() throws IOException {
    Path runs = directory.resolve("backup-runs");
    open(
        """
        before:
          - name: backup
            command: [sh, -c, "echo run >> %s"]
        """
            .formatted(runs));
    long id = register();
    startWithoutRunningIt(id);
    Instant now = clock.instant();
    assertThat(
            slipway.engine().promotions().claim(id, INSTANCE, now, now.plus(Duration.ofMinutes(2))))
        .isTrue();
    new StepRunner(
            slipway.engine().promotions(),
            slipway.environments(),
            slipway.config(),
            clock,
            new LeaseGuard(slipway.engine().promotions(), INSTANCE))
        .runBefore(promotion(id));
    assertThat(Files.readAllLines(runs)).hasSize(1);
    stopWhileHoldingTheLease();

    slipway = Slipway.open(TestingSlipway.asInstance(settings, INSTANCE));
    run();

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(Files.readAllLines(runs)).as("the backup ran once").hasSize(1);
    assertThat(messages(id))
        .filteredOn(message -> message.startsWith("Step before the deploy 'backup' finished"))
        .hasSize(1);
  }

  private void open(String steps) {
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
            steps:
        %s
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
        """
            .formatted(manifests.url(), steps.indent(6).stripTrailing(), status.url());
    settings =
        TestingSlipway.settings(
            directory.resolve("slipway"),
            DatabaseSettings.embedded(directory.resolve("database")),
            config,
            clock);
    slipway = Slipway.open(settings);
  }

  private long register() {
    slipway
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0).id();
  }

  private void startWithoutRunningIt(long id) {
    PromotionStarter starter =
        new PromotionStarter(
            slipway.engine().promotions(),
            slipway.environments(),
            new PromotionStateMachine(
                slipway.engine().promotions(), slipway.environments(), slipway.audit(), clock),
            clock);
    assertThat(starter.startNext(STAGING)).isTrue();
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.DEPLOYING);
  }

  private void stopWhileHoldingTheLease() {
    slipway.close();
    slipway = null;
  }

  private Promotion promotion(long id) {
    return slipway.engine().promotions().getPromotion(id);
  }

  private List<String> messages(long id) {
    return slipway.engine().promotions().listSteps(id).stream()
        .map(PromotionStep::message)
        .toList();
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }
}
