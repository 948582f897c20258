package dev.slipway.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.PluginValidator;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingKubernetes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesDeployerTest {
  private static final ComponentName API = ComponentName.of("api");
  private static final String OLD = "public.ecr.aws/cds-snc/notify-api:0000000";
  private static final String NEW = "public.ecr.aws/cds-snc/notify-api:a1b2c3d";

  @TempDir Path directory;

  private final KubernetesTargetType type = new KubernetesTargetType();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestingKubernetes kubernetes;
  private PluginContext context;

  @BeforeEach
  void setUp() {
    kubernetes = TestingKubernetes.start(directory.resolve("cluster"));
    SlipwayConfig config =
        new ConfigLoader(PluginValidator.none())
            .parse(
                """
                components:
                  api: {}
                environments:
                  staging:
                    components:
                      api:
                        targets:
                          - {type: kubernetes, kind: Deployment, namespace: notify, name: api, container: api}
                """,
                "slipway.yaml");
    context =
        new PluginContext(
            config, directory.resolve("data"), Secrets.fromEnvironment(), new TestingClock());
  }

  @AfterEach
  void tearDown() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void setsTheImageOfADeploymentAndWaitsUntilEveryReplicaIsUpdatedAndAvailable() throws Exception {
    kubernetes.createDeployment("notify", "api", 3, Map.of("api", OLD, "sidecar", "envoy:1"));
    KubernetesTarget target = target("Deployment", "notify", "api", "api", "5m");

    CompletableFuture<AppliedOperation> applying =
        CompletableFuture.supplyAsync(
            () -> target.deployer().apply(operation("op-1", target, NEW)));

    awaitLog("Waiting for deployment notify/api: the controller has not seen generation 2 yet");
    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(NEW);
    assertThat(kubernetes.image("Deployment", "notify", "api", "sidecar")).isEqualTo("envoy:1");
    for (int updated = 0; updated < 3; updated++) {
      kubernetes.advanceRollouts();
      awaitLog("Waiting for deployment notify/api: " + updated + " of 3 replicas updated");
      assertThat(applying).isNotDone();
    }
    kubernetes.advanceRollouts();

    AppliedOperation applied = applying.get(30, TimeUnit.SECONDS);
    assertThat(applied.resumed()).isFalse();
    assertThat(applied.changes())
        .extracting(AppliedChange::previousValue)
        .containsExactly(Optional.of(OLD));
    assertThat(applied.reference()).contains("deployment notify/api");
    assertThat(log)
        .contains("deployment notify/api container api: " + OLD + " -> " + NEW)
        .contains("deployment notify/api rolled out: 3 of 3 replicas updated, 3 available");
    assertThat(kubernetes.annotations("Deployment", "notify", "api"))
        .containsEntry(KubernetesDeployer.OPERATION_ANNOTATION, "op-1");
  }

  @Test
  void setsTheImageOfAStatefulSetAndWaitsForItsPodsAndRevision() throws Exception {
    kubernetes.createStatefulSet("notify", "redis", 2, Map.of("redis", "redis:7.0"));
    KubernetesTarget target = target("StatefulSet", "notify", "redis", "redis", "5m");

    CompletableFuture<AppliedOperation> applying =
        CompletableFuture.supplyAsync(
            () -> target.deployer().apply(operation("op-1", target, "redis:7.2")));

    awaitLog("Waiting for statefulset notify/redis: the controller has not seen generation 2");
    for (int updated = 0; updated < 2; updated++) {
      kubernetes.advanceRollouts();
      awaitLog("Waiting for statefulset notify/redis: " + updated + " of 2 pods updated");
    }
    kubernetes.advanceRollouts();
    awaitLog(
        "Waiting for statefulset notify/redis: 2 of 2 pods updated, 2 of 2 ready, revision"
            + " revision-1 not yet replaced by revision-2");
    assertThat(applying).isNotDone();
    kubernetes.advanceRollouts();

    assertThat(applying.get(30, TimeUnit.SECONDS).changes().get(0).previousValue())
        .contains("redis:7.0");
    assertThat(kubernetes.image("StatefulSet", "notify", "redis", "redis")).isEqualTo("redis:7.2");
    assertThat(log)
        .contains("statefulset notify/redis rolled out: 2 of 2 pods updated, 2 of 2 ready");
  }

  @Test
  void setsTheImageOfADaemonSetAndWaitsForThePodOnEveryNode() throws Exception {
    kubernetes.createDaemonSet("monitoring", "agent", 2, Map.of("agent", "agent:1"));
    KubernetesTarget target = target("DaemonSet", "monitoring", "agent", "agent", "5m");

    CompletableFuture<AppliedOperation> applying =
        CompletableFuture.supplyAsync(
            () -> target.deployer().apply(operation("op-1", target, "agent:2")));

    awaitLog("Waiting for daemonset monitoring/agent: the controller has not seen generation 2");
    kubernetes.advanceRollouts();
    awaitLog("Waiting for daemonset monitoring/agent: 0 of 2 scheduled pods updated");
    kubernetes.advanceRollouts();
    awaitLog("Waiting for daemonset monitoring/agent: 1 of 2 scheduled pods updated");
    assertThat(applying).isNotDone();
    kubernetes.advanceRollouts();

    assertThat(applying.get(30, TimeUnit.SECONDS).changes().get(0).previousValue())
        .contains("agent:1");
    assertThat(log)
        .contains(
            "daemonset monitoring/agent rolled out: 2 of 2 scheduled pods updated, 2 available");
  }

  @Test
  void setsTheImageOfACronJobWithoutWaitingForARollout() {
    kubernetes.createCronJob("notify", "purge", Map.of("purge", OLD));
    KubernetesTarget target = target("CronJob", "notify", "purge", "purge", "5m");

    AppliedOperation applied = target.deployer().apply(operation("op-1", target, NEW));

    assertThat(applied.changes().get(0).previousValue()).contains(OLD);
    assertThat(kubernetes.image("CronJob", "notify", "purge", "purge")).isEqualTo(NEW);
    assertThat(log).contains("cronjob notify/purge updated; its next job runs the new image");
  }

  @Test
  void failsForGoodWhenTheRolloutDoesNotFinishInTimeAndPutsThePreviousImageBack() {
    kubernetes.createDeployment("notify", "api", 3, Map.of("api", OLD));
    KubernetesTarget target = target("Deployment", "notify", "api", "api", "300ms");

    assertThatThrownBy(() -> target.deployer().apply(operation("op-1", target, NEW)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).isTrue();
              assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL);
            })
        .hasMessage(
            "rollout of deployment notify/api did not finish within 300ms: the controller has not"
                + " seen generation 2 yet (it saw 1)");

    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(OLD);
    assertThat(log).contains("deployment notify/api: restored {api=" + OLD + "} after the failure");
    assertThat(kubernetes.annotations("Deployment", "notify", "api"))
        .containsEntry(KubernetesDeployer.OPERATION_ANNOTATION, "undone op-1");
  }

  @Test
  void failsAtOnceWhenTheDeploymentPassesItsProgressDeadline() {
    kubernetes.createDeployment("notify", "api", 3, Map.of("api", OLD));
    KubernetesTarget target = target("Deployment", "notify", "api", "api", "5m");

    CompletableFuture<AppliedOperation> applying =
        CompletableFuture.supplyAsync(
            () -> target.deployer().apply(operation("op-1", target, NEW)));
    awaitLog("Waiting for deployment notify/api");
    kubernetes.exceedProgressDeadline(
        "notify", "api", "ReplicaSet \"api-7d4b9\" has timed out progressing.");

    assertThatThrownBy(() -> applying.get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue())
        .hasMessage(
            "rollout of deployment notify/api failed: progress deadline exceeded: ReplicaSet"
                + " \"api-7d4b9\" has timed out progressing.");
    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(OLD);
  }

  @Test
  void reportsAKubeconfigThatIsNotThereWhenItFirstDeploys() {
    kubernetes.createDeployment("notify", "api", 1, Map.of("api", OLD));
    ObjectNode settings = settings("Deployment", "notify", "api", "api", "5m");
    settings.put("kubeconfig", directory.resolve("missing/kubeconfig").toString());
    KubernetesTarget target = create(settings);

    assertThatThrownBy(() -> target.deployer().apply(operation("op-1", target, NEW)))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.field()).contains("kubeconfig"))
        .hasMessage(
            "kubeconfig "
                + directory.resolve("missing/kubeconfig")
                + " does not exist or is not a file");
  }

  @Test
  void reportsAContextTheKubeconfigDoesNotHave() {
    kubernetes.createDeployment("notify", "api", 1, Map.of("api", OLD));
    ObjectNode settings = settings("Deployment", "notify", "api", "api", "5m");
    settings.put("context", "production");
    KubernetesTarget target = create(settings);

    assertThatThrownBy(() -> target.deployer().apply(operation("op-1", target, NEW)))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.field()).contains("context"))
        .hasMessage(
            "context 'production' is not in kubeconfig "
                + kubernetes.kubeconfig()
                + "; its contexts: [testing]");
    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(OLD);
  }

  @Test
  void reportsAnUnreachableClusterAsAFailureWorthTryingAgain() {
    KubernetesTarget target = target("Deployment", "notify", "api", "api", "5m");
    kubernetes.close();
    kubernetes = null;

    assertThatThrownBy(() -> target.deployer().apply(operation("op-1", target, NEW)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).as(e.getMessage()).isFalse();
              assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL);
            })
        .hasMessageStartingWith("could not read deployment notify/api (kubeconfig ");
  }

  @Test
  void reportsAMissingWorkloadByNameWithoutChangingAnything() {
    kubernetes.createDeployment("notify", "api", 1, Map.of("api", OLD));
    KubernetesTarget api = target("Deployment", "notify", "api", "api", "5m");
    KubernetesTarget admin = target("Deployment", "notify", "admin", "admin", "5m");

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(operation("op-1", List.of(change(api, NEW), change(admin, NEW)))))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue())
        .hasMessage(
            "deployment notify/admin does not exist in kubeconfig " + kubernetes.kubeconfig());

    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(OLD);
  }

  @Test
  void reportsAMissingContainerWithTheContainersTheWorkloadHas() {
    kubernetes.createDeployment("notify", "celery", 1, Map.of("celery", OLD, "beat", OLD));
    KubernetesTarget target = target("Deployment", "notify", "celery", "worker", "5m");

    assertThatThrownBy(() -> target.deployer().apply(operation("op-1", target, NEW)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).isTrue();
              assertThat(e.field()).contains("container");
            })
        .hasMessageStartingWith("deployment notify/celery")
        .hasMessageContaining("has no container 'worker'; its containers: [")
        .hasMessageContaining("celery")
        .hasMessageContaining("beat");
    assertThat(kubernetes.image("Deployment", "notify", "celery", "celery")).isEqualTo(OLD);
  }

  @Test
  void recognisesAnOperationItAlreadyAppliedAndChangesNothing() {
    kubernetes.createDeployment("notify", "api", 2, Map.of("api", OLD));
    kubernetes.startController(Duration.ofMillis(20));
    KubernetesTarget target = target("Deployment", "notify", "api", "api", "30s");
    target.deployer().apply(operation("op-1", target, NEW));
    String resourceVersion =
        kubernetes.workload("Deployment", "notify", "api").getMetadata().getResourceVersion();
    log.clear();

    AppliedOperation again = target.deployer().apply(operation("op-1", target, NEW));

    assertThat(again.resumed()).isTrue();
    assertThat(again.changes().get(0).previousValue()).contains(OLD);
    assertThat(
            kubernetes.workload("Deployment", "notify", "api").getMetadata().getResourceVersion())
        .isEqualTo(resourceVersion);
    assertThat(log)
        .containsExactly(
            "deployment notify/api already carries slipway.dev/operation: op-1; not changed again",
            "deployment notify/api rolled out: 2 of 2 replicas updated, 2 available");
  }

  @Test
  void restoresThePreviousImageAsAnotherApply() {
    kubernetes.createDeployment("notify", "api", 2, Map.of("api", OLD));
    kubernetes.startController(Duration.ofMillis(20));
    KubernetesTarget target = target("Deployment", "notify", "api", "api", "30s");
    AppliedOperation deployed = target.deployer().apply(operation("deploy", target, NEW));

    AppliedOperation restored =
        target
            .deployer()
            .apply(
                operation(
                    "revert", target, deployed.changes().get(0).previousValue().orElseThrow()));

    assertThat(restored.resumed()).isFalse();
    assertThat(restored.changes().get(0).previousValue()).contains(NEW);
    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(OLD);
    assertThat(kubernetes.annotations("Deployment", "notify", "api"))
        .containsEntry(KubernetesDeployer.OPERATION_ANNOTATION, "revert");
  }

  @Test
  void setsOneImageOnSeveralWorkloadsOfOneClusterWithOneDeployer() {
    kubernetes.createDeployment("notify", "api", 2, Map.of("api", OLD));
    kubernetes.createDeployment("notify", "celery", 3, Map.of("celery", OLD));
    kubernetes.startController(Duration.ofMillis(20));
    KubernetesTarget api = target("Deployment", "notify", "api", "api", "30s");
    KubernetesTarget celery = target("Deployment", "notify", "celery", "celery", "30s");
    assertThat(celery.deployer()).isSameAs(api.deployer());

    AppliedOperation applied =
        api.deployer().apply(operation("op-1", List.of(change(api, NEW), change(celery, NEW))));

    assertThat(applied.changes())
        .extracting(AppliedChange::previousValue)
        .containsExactly(Optional.of(OLD), Optional.of(OLD));
    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(NEW);
    assertThat(kubernetes.image("Deployment", "notify", "celery", "celery")).isEqualTo(NEW);
    assertThat(log)
        .contains("deployment notify/api rolled out: 2 of 2 replicas updated, 2 available")
        .contains("deployment notify/celery rolled out: 3 of 3 replicas updated, 3 available");
  }

  @Test
  void putsBackTheWorkloadsItChangedWhenAnotherWorkloadDoesNotRollOut() {
    kubernetes.createDeployment("notify", "api", 1, Map.of("api", OLD));
    kubernetes.createCronJob("notify", "purge", Map.of("purge", OLD));
    KubernetesTarget purge = target("CronJob", "notify", "purge", "purge", "5m");
    KubernetesTarget api = target("Deployment", "notify", "api", "api", "300ms");

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(operation("op-1", List.of(change(purge, NEW), change(api, NEW)))))
        .hasMessageStartingWith("rollout of deployment notify/api did not finish within 300ms");

    assertThat(kubernetes.image("CronJob", "notify", "purge", "purge")).isEqualTo(OLD);
    assertThat(kubernetes.image("Deployment", "notify", "api", "api")).isEqualTo(OLD);
  }

  private KubernetesTarget target(
      String kind, String namespace, String name, String container, String rolloutTimeout) {
    return create(settings(kind, namespace, name, container, rolloutTimeout));
  }

  private ObjectNode settings(
      String kind, String namespace, String name, String container, String rolloutTimeout) {
    ObjectNode settings = new ObjectMapper().createObjectNode();
    settings
        .put("type", "kubernetes")
        .put("kind", kind)
        .put("namespace", namespace)
        .put("name", name)
        .put("container", container)
        .put("rolloutTimeout", rolloutTimeout)
        .put("kubeconfig", kubernetes.kubeconfig().toString());
    return settings;
  }

  private KubernetesTarget create(ObjectNode settings) {
    return (KubernetesTarget)
        type.create(
            new PluginConfig(
                "kubernetes", settings, "environments.staging.components.api.targets[0]"),
            context);
  }

  private static TargetChange change(KubernetesTarget target, String image) {
    return new TargetChange(API, target, image);
  }

  private DeployOperation operation(String id, KubernetesTarget target, String image) {
    return operation(id, List.of(change(target, image)));
  }

  private DeployOperation operation(String id, List<TargetChange> changes) {
    return new DeployOperation(id, "Deploy api", "", new ArrayList<>(changes), log::add);
  }

  /** Waits for the deployer, working in another thread, to note a line starting so. */
  private void awaitLog(String start) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (log.stream().noneMatch(line -> line.startsWith(start))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no log line starting '" + start + "' in " + log);
      }
      Thread.onSpinWait();
    }
  }
}
