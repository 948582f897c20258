package dev.slipway.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionStep;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingKubernetes;
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

/**
 * Promotions through the engine to the GC Notify api image running as two Deployments (the api and
 * the celery workers), verified through the api's status endpoint.
 */
class KubernetesPromotionTest {
  private static final String REPOSITORY = "public.ecr.aws/cds-snc/notify-api:";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor CI = Actor.person("CI", "ci@example.org");

  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingKubernetes kubernetes;
  private TestingStatusServer status;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    kubernetes = TestingKubernetes.start(directory.resolve("cluster"));
    kubernetes.createDeployment("notify", "api", 3, Map.of("api", REPOSITORY + "0000000"));
    kubernetes.createDeployment("notify", "celery", 2, Map.of("celery", REPOSITORY + "0000000"));
    kubernetes.startController(Duration.ofMillis(20));
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
  }

  /** Opens Slipway with both targets given the rollout timeout. */
  private void open(String rolloutTimeout) {
    String config =
        """
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
                  - type: kubernetes
                    kind: Deployment
                    namespace: notify
                    name: api
                    container: api
                    kubeconfig: %1$s
                    rolloutTimeout: %4$s
                  - type: kubernetes
                    kind: Deployment
                    namespace: notify
                    name: celery
                    container: celery
                    image: "%2$s{shortCommit}"
                    kubeconfig: %1$s
                    rolloutTimeout: %4$s
                checks:
                  - type: http
                    url: %3$s
                    interval: 10s
                    failureThreshold: 2
        """
            .formatted(kubernetes.kubeconfig(), REPOSITORY, status.url(), rolloutTimeout);
    slipway = TestingSlipway.open(directory.resolve("slipway"), TestDatabase.H2, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    if (status != null) {
      status.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void promotesABuildBySettingTheImageOfTheApiAndTheCeleryWorkers() {
    open("30s");
    register(GOOD);
    run();

    Promotion promotion = latest();
    assertThat(promotion.phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(kubernetes.image("Deployment", "notify", "api", "api"))
        .as("the api takes the image the build was registered with")
        .isEqualTo(REPOSITORY + "a1b2c3d");
    assertThat(kubernetes.image("Deployment", "notify", "celery", "celery"))
        .as("the workers take the image their template names")
        .isEqualTo(REPOSITORY + "a1b2c3d");
    assertThat(kubernetes.annotations("Deployment", "notify", "api"))
        .containsEntry(
            KubernetesDeployer.OPERATION_ANNOTATION,
            "promotion-" + promotion.id() + "." + promotion.createdAt().toEpochMilli() + "-deploy");
    assertThat(steps(promotion))
        .contains(
            "deployment notify/api container api: "
                + REPOSITORY
                + "0000000 -> "
                + REPOSITORY
                + "a1b2c3d")
        .contains("deployment notify/api rolled out: 3 of 3 replicas updated, 3 available")
        .contains("deployment notify/celery rolled out: 2 of 2 replicas updated, 2 available");

    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.VERIFYING);
    for (int i = 0; i < 6; i++) {
      advance(Duration.ofSeconds(10));
    }

    assertThat(latest().phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(slipway.environments().listRunning().get(0).build().orElseThrow().commit())
        .isEqualTo(GOOD);
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  @Test
  void restoresThePreviousImagesWhenTheCheckFailsDuringTheBakeTime() {
    open("30s");
    register(GOOD);
    run();
    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.SUCCEEDED);

    register(BAD);
    run();
    assertThat(kubernetes.image("Deployment", "notify", "api", "api"))
        .isEqualTo(REPOSITORY + "badbadb");
    status.reportVersion("badbadb");
    advance(Duration.ofSeconds(10));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.VERIFYING);
    status.answer(500, "{\"commit_sha\": \"badbadb\", \"status\": \"error\"}");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofSeconds(10));

    Promotion failing = latest();
    assertThat(failing.phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    assertThat(kubernetes.image("Deployment", "notify", "api", "api"))
        .isEqualTo(REPOSITORY + "a1b2c3d");
    assertThat(kubernetes.image("Deployment", "notify", "celery", "celery"))
        .isEqualTo(REPOSITORY + "a1b2c3d");
    assertThat(kubernetes.annotations("Deployment", "notify", "celery"))
        .containsEntry(
            KubernetesDeployer.OPERATION_ANNOTATION,
            "promotion-" + failing.id() + "." + failing.createdAt().toEpochMilli() + "-revert");

    status.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));

    Promotion failed = latest();
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow()).contains("the previous versions were restored");
    assertThat(steps(failed))
        .contains(
            "deployment notify/api container api: "
                + REPOSITORY
                + "badbadb -> "
                + REPOSITORY
                + "a1b2c3d");
    assertThat(slipway.environments().listRunning().get(0).build().orElseThrow().commit())
        .isEqualTo(GOOD);
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  @Test
  void failsTheDeployAndLeavesThePreviousImagesWhenTheRolloutDoesNotFinish() {
    open("1s");
    kubernetes.stopController();
    register(GOOD);
    run();

    Promotion promotion = latest();
    assertThat(promotion.phase())
        .as("the engine ends a deploy that fails for good as errored")
        .isEqualTo(PromotionPhase.ERRORED);
    assertThat(promotion.outcome().orElseThrow())
        .startsWith("deploying failed: rollout of deployment notify/api did not finish within 1s");
    assertThat(kubernetes.image("Deployment", "notify", "api", "api"))
        .isEqualTo(REPOSITORY + "0000000");
    assertThat(kubernetes.image("Deployment", "notify", "celery", "celery"))
        .isEqualTo(REPOSITORY + "0000000");
    assertThat(String.join("\n", steps(promotion)))
        .contains("rollout of deployment notify/api did not finish within 1s");
  }

  private void register(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API,
                commit,
                Optional.empty(),
                Optional.of(REPOSITORY + commit.shortSha()),
                Optional.empty()),
            CI);
  }

  private List<String> steps(Promotion promotion) {
    return slipway.engine().promotions().listSteps(promotion.id()).stream()
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

  private Promotion latest() {
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
  }
}
