package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode (it stores what it is sent,
 * bumps {@code metadata.generation} on spec changes and keeps {@code status} a subresource), a
 * kubeconfig file pointing at it, and a stand-in for the workload controllers that moves each
 * rollout forward one replica per {@link #advanceRollouts()}.
 */
public final class TestingKubernetes implements AutoCloseable {
  /** Kept so the setting outlives garbage collection; the server logs every request at INFO. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final Object controllerLock = new Object();
  private Thread controller;
  private volatile boolean controllerRunning;

  private TestingKubernetes(KubernetesMockServer server, Path kubeconfig) {
    this.server = server;
    this.client = server.createClient();
    this.kubeconfig = kubeconfig;
  }

  /** Starts a server and writes its kubeconfig (context {@code testing}) into the directory. */
  public static TestingKubernetes start(Path directory) {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try {
      Files.createDirectories(directory);
      Path kubeconfig = directory.resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
            - name: testing
              cluster:
                server: http://%s:%d
          users:
            - name: slipway
              user:
                token: testing-token
          contexts:
            - name: testing
              context:
                cluster: testing
                user: slipway
                namespace: default
          current-context: testing
          """
              .formatted(server.getHostName(), server.getPort()));
      return new TestingKubernetes(server, kubeconfig);
    } catch (IOException e) {
      server.destroy();
      throw new UncheckedIOException(e);
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A client of the server, for a test to arrange workloads and read them back. */
  public KubernetesClient client() {
    return client;
  }

  /** A Deployment already rolled out with the given images, by container name. */
  public Deployment createDeployment(
      String namespace, String name, int replicas, Map<String, String> images) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, images))
                .endSpec()
                .build())
        .create();
    finishRollouts();
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  public StatefulSet createStatefulSet(
      String namespace, String name, int replicas, Map<String, String> images) {
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, images))
                .endSpec()
                .build())
        .create();
    finishRollouts();
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  /**
   * A DaemonSet scheduled on {@code nodes} nodes; the count is kept in an annotation, since the
   * mock server has no nodes.
   */
  public DaemonSet createDaemonSet(
      String namespace, String name, int nodes, Map<String, String> images) {
    client
        .apps()
        .daemonSets()
        .inNamespace(namespace)
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToAnnotations(NODES_ANNOTATION, Integer.toString(nodes))
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, images))
                .endSpec()
                .build())
        .create();
    finishRollouts();
    return client.apps().daemonSets().inNamespace(namespace).withName(name).get();
  }

  public CronJob createCronJob(String namespace, String name, Map<String, String> images) {
    return client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(namespace)
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withSchedule("*/5 * * * *")
                .withNewJobTemplate()
                .withNewSpec()
                .withTemplate(template(name, images))
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build())
        .create();
  }

  /** The image of a container of a Deployment, StatefulSet or DaemonSet. */
  public String image(String kind, String namespace, String name, String container) {
    HasMetadata workload = workload(kind, namespace, name);
    PodTemplateSpec template =
        switch (kind) {
          case "Deployment" -> ((Deployment) workload).getSpec().getTemplate();
          case "StatefulSet" -> ((StatefulSet) workload).getSpec().getTemplate();
          case "DaemonSet" -> ((DaemonSet) workload).getSpec().getTemplate();
          case "CronJob" -> ((CronJob) workload).getSpec().getJobTemplate().getSpec().getTemplate();
          default -> throw new IllegalArgumentException("kind " + kind);
        };
    return template.getSpec().getContainers().stream()
        .filter(candidate -> candidate.getName().equals(container))
        .map(Container::getImage)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no container " + container));
  }

  public HasMetadata workload(String kind, String namespace, String name) {
    HasMetadata workload =
        switch (kind) {
          case "Deployment" ->
              client.apps().deployments().inNamespace(namespace).withName(name).get();
          case "StatefulSet" ->
              client.apps().statefulSets().inNamespace(namespace).withName(name).get();
          case "DaemonSet" ->
              client.apps().daemonSets().inNamespace(namespace).withName(name).get();
          case "CronJob" ->
              client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get();
          default -> throw new IllegalArgumentException("kind " + kind);
        };
    return Objects.requireNonNull(workload, kind + " " + namespace + "/" + name);
  }

  public Map<String, String> annotations(String kind, String namespace, String name) {
    Map<String, String> annotations =
        workload(kind, namespace, name).getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  /** Moves every unfinished rollout to its end, as the controllers would given time. */
  public void finishRollouts() {
    int passes = 0;
    while (advanceRollouts()) {
      if (++passes == 100) {
        throw new IllegalStateException("the rollouts did not finish in 100 steps");
      }
    }
  }

  /**
   * Moves every unfinished rollout one step, as the controllers would: first they observe the new
   * generation, then replace one replica (or pod, or node's pod) at a time.
   *
   * @return whether any rollout moved
   */
  public boolean advanceRollouts() {
    boolean moved = false;
    for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
      DeploymentStatus next = nextStatus(deployment);
      if (next != null) {
        moved |=
            setStatus(
                () -> {
                  deployment.setStatus(next);
                  client.apps().deployments().resource(deployment).updateStatus();
                });
      }
    }
    for (StatefulSet statefulSet :
        client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      StatefulSetStatus next = nextStatus(statefulSet);
      if (next != null) {
        moved |=
            setStatus(
                () -> {
                  statefulSet.setStatus(next);
                  client.apps().statefulSets().resource(statefulSet).updateStatus();
                });
      }
    }
    for (DaemonSet daemonSet : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
      DaemonSetStatus next = nextStatus(daemonSet);
      if (next != null) {
        moved |=
            setStatus(
                () -> {
                  daemonSet.setStatus(next);
                  client.apps().daemonSets().resource(daemonSet).updateStatus();
                });
      }
    }
    return moved;
  }

  /**
   * Marks a Deployment's rollout as given up, as its controller does once the progress deadline
   * passes.
   */
  public void exceedProgressDeadline(String namespace, String name, String message) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            deployment -> {
              deployment
                  .getStatus()
                  .setObservedGeneration(deployment.getMetadata().getGeneration());
              deployment
                  .getStatus()
                  .setConditions(
                      List.of(
                          new DeploymentConditionBuilder()
                              .withType("Progressing")
                              .withStatus("False")
                              .withReason("ProgressDeadlineExceeded")
                              .withMessage(message)
                              .build()));
              return deployment;
            });
  }

  /**
   * Runs the controllers in the background, one step per interval, until {@link #stopController()}
   * or {@link #close()}: what a cluster does while Slipway waits.
   */
  public void startController(Duration interval) {
    synchronized (controllerLock) {
      if (controller != null) {
        return;
      }
      controllerRunning = true;
      controller =
          new Thread(
              () -> {
                while (controllerRunning) {
                  try {
                    advanceRollouts();
                  } catch (KubernetesClientException e) {
                    // The server is closing, or a write raced with Slipway's patch: try next time.
                  }
                  try {
                    Thread.sleep(interval.toMillis());
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "testing-kubernetes-controller");
      controller.setDaemon(true);
      controller.start();
    }
  }

  public void stopController() {
    Thread running;
    synchronized (controllerLock) {
      running = controller;
      controller = null;
      controllerRunning = false;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stopController();
    client.close();
    server.destroy();
  }

  private static final String NODES_ANNOTATION = "testing.slipway.dev/nodes";

  private static PodTemplateSpec template(String name, Map<String, String> images) {
    List<Container> containers = new ArrayList<>();
    new LinkedHashMap<>(images)
        .forEach(
            (container, image) ->
                containers.add(
                    new ContainerBuilder().withName(container).withImage(image).build()));
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withContainers(containers)
        .endSpec()
        .build();
  }

  /** The status one step on, or null when the rollout is finished. */
  private static DeploymentStatus nextStatus(Deployment deployment) {
    long generation = generation(deployment);
    int desired =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    DeploymentStatus status = deployment.getStatus();
    if (status == null || number(status.getObservedGeneration()) < generation) {
      boolean first = status == null;
      return new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
          .withObservedGeneration(generation)
          .withReplicas(desired)
          .withUpdatedReplicas(first ? desired : 0)
          .withAvailableReplicas(desired)
          .withReadyReplicas(desired)
          .build();
    }
    if (number(status.getUpdatedReplicas()) < desired) {
      status.setUpdatedReplicas(number(status.getUpdatedReplicas()) + 1);
      return status;
    }
    return null;
  }

  private static StatefulSetStatus nextStatus(StatefulSet statefulSet) {
    long generation = generation(statefulSet);
    int desired =
        statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
    String revision = "revision-" + generation;
    StatefulSetStatus status = statefulSet.getStatus();
    if (status == null || number(status.getObservedGeneration()) < generation) {
      boolean first = status == null;
      return new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
          .withObservedGeneration(generation)
          .withReplicas(desired)
          .withUpdatedReplicas(first ? desired : 0)
          .withReadyReplicas(desired)
          .withAvailableReplicas(desired)
          .withCurrentRevision(first ? revision : status.getCurrentRevision())
          .withUpdateRevision(revision)
          .build();
    }
    if (number(status.getUpdatedReplicas()) < desired) {
      status.setUpdatedReplicas(number(status.getUpdatedReplicas()) + 1);
      return status;
    }
    if (!Objects.equals(status.getCurrentRevision(), status.getUpdateRevision())) {
      status.setCurrentRevision(status.getUpdateRevision());
      return status;
    }
    return null;
  }

  private static DaemonSetStatus nextStatus(DaemonSet daemonSet) {
    long generation = generation(daemonSet);
    int nodes = Integer.parseInt(daemonSet.getMetadata().getAnnotations().get(NODES_ANNOTATION));
    DaemonSetStatus status = daemonSet.getStatus();
    if (status == null || number(status.getObservedGeneration()) < generation) {
      boolean first = status == null;
      return new io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder()
          .withObservedGeneration(generation)
          .withDesiredNumberScheduled(nodes)
          .withCurrentNumberScheduled(nodes)
          .withUpdatedNumberScheduled(first ? nodes : 0)
          .withNumberAvailable(nodes)
          .withNumberReady(nodes)
          .build();
    }
    if (number(status.getUpdatedNumberScheduled()) < nodes) {
      status.setUpdatedNumberScheduled(number(status.getUpdatedNumberScheduled()) + 1);
      return status;
    }
    return null;
  }

  private static boolean setStatus(Runnable update) {
    try {
      update.run();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return true;
      }
      throw e;
    }
  }

  private static long generation(HasMetadata workload) {
    Long generation = workload.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static int number(Integer value) {
    return value == null ? 0 : value;
  }

  private static long number(Long value) {
    return value == null ? 0 : value;
  }
}
