package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.Build;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginContext;
import dev.slipway.deployment.Deployments;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Target;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped in the middle of a promotion, and a new one opened on the same embedded database
 * and data directory: the promotion carries on from its stored phase, nothing is deployed twice,
 * and its step log keeps what happened before the stop.
 *
 * <p>A stop between pushing a commit and storing the phase is simulated by applying the operation
 * through the deployer, with the promotion's operation id, and then closing the server.
 */
class PromotionResumeTest {
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
        """
            .formatted(manifests.url(), status.url());
    settings =
        TestingSlipway.settings(
            directory.resolve("slipway"),
            DatabaseSettings.embedded(directory.resolve("database")),
            config,
            clock);
    slipway = Slipway.open(settings);
  }

  @AfterEach
  void tearDown() {
    slipway.close();
    status.close();
  }

  @Test
  void finishesADeployWhoseCommitWasPushedBeforeTheStop() {
    long id = register();
    startWithoutRunningIt(id);
    Promotion deploying = promotion(id);
    DeployMessage message = DeployMessage.forDeploy(deploying, Optional.empty());
    Target target = stagingTarget();
    Build build = deploying.builds().get(0).build().orElseThrow();
    target
        .deployer()
        .apply(
            new DeployOperation(
                DeployStep.operationId(deploying, "deploy", 1),
                message.subject(),
                message.body(),
                List.of(new TargetChange(API, target, target.valueFor(build))),
                note -> {}));
    String deployCommit = manifests.head();
    List<PromotionStep> stepsBeforeTheStop = steps(id);
    stopWhileHoldingTheLease(id);

    reopen(INSTANCE);
    run();

    Promotion resumed = promotion(id);
    assertThat(resumed.phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(resumed.deployReference()).contains(deployCommit);
    assertThat(resumed.builds().get(0).previousVersion())
        .as("what the commit replaced is known, so a rollback can restore it")
        .contains("0000000");
    assertThat(manifests.head()).isEqualTo(deployCommit);
    List<PromotionStep> steps = steps(id);
    assertThat(steps).startsWith(stepsBeforeTheStop.toArray(PromotionStep[]::new));
    assertThat(steps)
        .extracting(PromotionStep::message)
        .containsSubsequence(
            "Found the earlier "
                + DeployStep.operationId(deploying, "deploy", 1)
                + " in "
                + deployCommit,
            "Deployed in " + deployCommit + "; waiting for the new versions to be reported");

    finishVerification();

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(deployCommits()).hasSize(1);
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  @Test
  void deploysOnceWhenStoppedBeforeAnythingWasPushed() {
    long id = register();
    startWithoutRunningIt(id);
    stopWhileHoldingTheLease(id);

    reopen(INSTANCE);
    run();

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(deployCommits()).hasSize(1);
    assertThat(manifests.readFile(STAGING_FILE))
        .isEqualTo(STAGING_ENV.replace("0000000", "a1b2c3d"));
    assertThat(steps(id))
        .extracting(PromotionStep::message)
        .startsWith(
            "Requested by CI <ci@example.org> (automatic): build registered",
            "Started: deploying api@a1b2c3d to staging");
  }

  @Test
  void anotherServerWaitsForTheLeaseOfAStoppedOneToRunOut() {
    long id = register();
    startWithoutRunningIt(id);
    stopWhileHoldingTheLease(id);

    reopen("other-instance");
    run();
    assertThat(promotion(id).phase())
        .as("the stopped server may still be working on it")
        .isEqualTo(PromotionPhase.DEPLOYING);
    assertThat(manifests.commitCount()).isEqualTo(1);

    advance(Duration.ofMinutes(2).plusMillis(1));

    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(deployCommits()).hasSize(1);
  }

  @Test
  void carriesOnWaitingForTheRolloutAndTheBakeTimeAfterStops() {
    long id = register();
    run();
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    stopWhileHoldingTheLease(id);
    reopen(INSTANCE);

    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    Promotion verifying = promotion(id);
    assertThat(verifying.phase()).isEqualTo(PromotionPhase.VERIFYING);
    Instant bakeEnds = verifying.phaseChangedAt().plus(Duration.ofMinutes(1));
    advance(Duration.ofSeconds(30));
    List<PromotionStep> stepsBeforeTheStop = steps(id);
    stopWhileHoldingTheLease(id);
    reopen(INSTANCE);

    advance(Duration.ofSeconds(20));
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.VERIFYING);
    clock.set(bakeEnds);
    run();

    Promotion done = promotion(id);
    assertThat(done.phase())
        .as("the bake time counts from the rollout, not from the restart")
        .isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(done.finishedAt()).contains(bakeEnds);
    assertThat(deployCommits()).hasSize(1);
    assertThat(steps(id))
        .startsWith(stepsBeforeTheStop.toArray(PromotionStep[]::new))
        .extracting(PromotionStep::message)
        .containsOnlyOnce("Rolled out: the checks report the expected versions; verifying")
        .last()
        .isEqualTo(done.outcome().orElseThrow());
  }

  @Test
  void carriesOnCountingFailedChecksAfterAStop() {
    long id = register();
    run();
    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    status.answer(500, "{\"commit_sha\": \"a1b2c3d\", \"status\": \"error\"}");
    advance(Duration.ofSeconds(10));
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.VERIFYING);
    stopWhileHoldingTheLease(id);

    reopen(INSTANCE);
    advance(Duration.ofSeconds(10));

    Promotion failing = promotion(id);
    assertThat(failing.phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    assertThat(failing.outcome().orElseThrow()).contains("failed 2 times in a row");
  }

  @Test
  void finishesARollbackWhoseRevertWasPushedBeforeTheStop() {
    long id = register();
    run();
    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    String reason = "api check failed 2 times in a row: HTTP 500";
    slipway
        .engine()
        .promotions()
        .jdbi()
        .useTransaction(handle -> stateMachine().startRollingBack(handle, promotion(id), reason));
    Promotion rollingBack = promotion(id);
    assertThat(rollingBack.phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    DeployMessage message = DeployMessage.forRevert(rollingBack);
    Target target = stagingTarget();
    target
        .deployer()
        .apply(
            new DeployOperation(
                DeployStep.operationId(rollingBack, "revert", 1),
                message.subject(),
                message.body(),
                List.of(new TargetChange(API, target, "0000000")),
                note -> {}));
    String revertCommit = manifests.head();
    List<PromotionStep> stepsBeforeTheStop = steps(id);
    stopWhileHoldingTheLease(id);

    reopen(INSTANCE);
    status.reportVersion("0000000");
    run();

    Promotion failed = promotion(id);
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.revertReference()).contains(revertCommit);
    assertThat(failed.outcome())
        .contains(reason + "; the previous versions were restored in " + revertCommit);
    assertThat(manifests.head()).isEqualTo(revertCommit);
    assertThat(manifests.subjects())
        .containsExactly(
            "Revert \"Deploy api@a1b2c3d to staging\"",
            "Deploy api@a1b2c3d to staging",
            "Add the manifests");
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo(STAGING_ENV);
    assertThat(steps(id))
        .startsWith(stepsBeforeTheStop.toArray(PromotionStep[]::new))
        .extracting(PromotionStep::message)
        .contains(
            "Found the earlier "
                + DeployStep.operationId(rollingBack, "revert", 1)
                + " in "
                + revertCommit);
    assertThat(activePromotion()).isEmpty();
  }

  private long register() {
    slipway
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    List<Promotion> promotions =
        slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1);
    assertThat(promotions)
        .singleElement()
        .extracting(Promotion::phase)
        .isEqualTo(PromotionPhase.PENDING);
    return promotions.get(0).id();
  }

  /** Does what the scheduler does first, and stops before the deploy step runs. */
  private void startWithoutRunningIt(long id) {
    PromotionStarter starter =
        new PromotionStarter(
            slipway.engine().promotions(), slipway.environments(), stateMachine(), clock);
    assertThat(starter.startNext(STAGING)).isTrue();
    assertThat(promotion(id).phase()).isEqualTo(PromotionPhase.DEPLOYING);
  }

  /** Closes the server as if it stopped in the middle of a step: its lease is still held. */
  private void stopWhileHoldingTheLease(long id) {
    Instant now = clock.instant();
    assertThat(
            slipway.engine().promotions().claim(id, INSTANCE, now, now.plus(Duration.ofMinutes(2))))
        .isTrue();
    slipway.close();
  }

  private void reopen(String instanceId) {
    slipway = Slipway.open(TestingSlipway.asInstance(settings, instanceId));
  }

  private void finishVerification() {
    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
  }

  /** The staging target as a second deployer on the same data directory sees it. */
  private Target stagingTarget() {
    return Deployments.create(
            Plugins.discover(),
            new PluginContext(
                slipway.config(), settings.dataDirectory(), settings.secrets(), clock))
        .get(STAGING, API)
        .targets()
        .get(0);
  }

  private PromotionStateMachine stateMachine() {
    return new PromotionStateMachine(
        slipway.engine().promotions(), slipway.environments(), slipway.audit(), clock);
  }

  private List<RevCommit> deployCommits() {
    return manifests.commits().stream()
        .filter(commit -> commit.getShortMessage().startsWith("Deploy "))
        .toList();
  }

  private Optional<Long> activePromotion() {
    return slipway
        .database()
        .jdbi()
        .withHandle(handle -> slipway.environments().findActivePromotionId(handle, STAGING));
  }

  private Promotion promotion(long id) {
    return slipway.engine().promotions().getPromotion(id);
  }

  private List<PromotionStep> steps(long id) {
    return slipway.engine().promotions().listSteps(id);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }
}
