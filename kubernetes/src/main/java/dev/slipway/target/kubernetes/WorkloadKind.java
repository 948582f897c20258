package dev.slipway.target.kubernetes;

import dev.slipway.error.SlipwayException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of workload whose image a target sets, where each keeps its containers, and what a
 * finished rollout looks like for each (the conditions {@code kubectl rollout status} uses).
 */
enum WorkloadKind {
  /** Replicas replaced gradually; done when every replica is updated and available. */
  DEPLOYMENT("Deployment", "deployment", "/spec/template/spec/containers"),
  /** Pods replaced in order; done when every pod is updated and ready. */
  STATEFUL_SET("StatefulSet", "statefulset", "/spec/template/spec/containers"),
  /** One pod per node; done when the pod on every scheduled node is updated and available. */
  DAEMON_SET("DaemonSet", "daemonset", "/spec/template/spec/containers"),
  /** No running pods to replace: the next job it starts uses the new image. */
  CRON_JOB("CronJob", "cronjob", "/spec/jobTemplate/spec/template/spec/containers");

  private final String configName;
  private final String noun;
  private final String containersPointer;

  WorkloadKind(String configName, String noun, String containersPointer) {
    this.configName = configName;
    this.noun = noun;
    this.containersPointer = containersPointer;
  }

  /** The name in the configuration and in Kubernetes: {@code Deployment}. */
  String configName() {
    return configName;
  }

  /** The lower-case name {@code kubectl} uses: {@code deployment}. */
  String noun() {
    return noun;
  }

  /** The JSON pointer of the pod template's container list. */
  String containersPointer() {
    return containersPointer;
  }

  static WorkloadKind fromConfig(String text) {
    return Arrays.stream(values())
        .filter(kind -> kind.configName.equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "kind",
                    "unknown kind '%s'; a kubernetes target sets the image of one of: %s",
                    text,
                    Arrays.stream(values()).map(WorkloadKind::configName).toList()));
  }

  Resource<? extends HasMetadata> resource(KubernetesClient client, Workload workload) {
    return switch (this) {
      case DEPLOYMENT ->
          client.apps().deployments().inNamespace(workload.namespace()).withName(workload.name());
      case STATEFUL_SET ->
          client.apps().statefulSets().inNamespace(workload.namespace()).withName(workload.name());
      case DAEMON_SET ->
          client.apps().daemonSets().inNamespace(workload.namespace()).withName(workload.name());
      case CRON_JOB ->
          client
              .batch()
              .v1()
              .cronjobs()
              .inNamespace(workload.namespace())
              .withName(workload.name());
    };
  }

  /** The pod template's containers, in their order; empty when the workload has none. */
  List<Container> containers(HasMetadata workload) {
    List<Container> containers =
        switch (this) {
          case DEPLOYMENT ->
              ((Deployment) workload).getSpec().getTemplate().getSpec().getContainers();
          case STATEFUL_SET ->
              ((StatefulSet) workload).getSpec().getTemplate().getSpec().getContainers();
          case DAEMON_SET ->
              ((DaemonSet) workload).getSpec().getTemplate().getSpec().getContainers();
          case CRON_JOB ->
              ((CronJob) workload)
                  .getSpec()
                  .getJobTemplate()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers();
        };
    return containers == null ? List.of() : containers;
  }

  /**
   * How far the rollout of the workload's current spec has come; empty when there is nothing to
   * wait for (a CronJob, or pods that are only replaced when someone deletes them).
   */
  Optional<RolloutState> rollout(HasMetadata workload) {
    long generation = number(workload.getMetadata().getGeneration());
    return switch (this) {
      case DEPLOYMENT -> Optional.of(deployment((Deployment) workload, generation));
      case STATEFUL_SET -> statefulSet((StatefulSet) workload, generation);
      case DAEMON_SET -> daemonSet((DaemonSet) workload, generation);
      case CRON_JOB -> Optional.empty();
    };
  }

  private static RolloutState deployment(Deployment deployment, long generation) {
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    long observed = number(status.getObservedGeneration());
    if (observed < generation) {
      return unobserved(generation, observed);
    }
    List<DeploymentCondition> conditions =
        status.getConditions() == null ? List.of() : status.getConditions();
    for (DeploymentCondition condition : conditions) {
      if ("Progressing".equals(condition.getType())
          && "ProgressDeadlineExceeded".equals(condition.getReason())) {
        return RolloutState.stuck(
            "progress deadline exceeded"
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
      }
    }
    int desired =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    int updated = number(status.getUpdatedReplicas());
    int available = number(status.getAvailableReplicas());
    int total = number(status.getReplicas());
    String progress = updated + " of " + desired + " replicas updated, " + available + " available";
    if (updated < desired) {
      return RolloutState.waiting(updated + " of " + desired + " replicas updated");
    }
    if (total > updated) {
      int old = total - updated;
      return RolloutState.waiting(
          progress + ", " + old + " old " + (old == 1 ? "replica" : "replicas") + " terminating");
    }
    if (available < desired) {
      return RolloutState.waiting(progress);
    }
    return RolloutState.done(progress);
  }

  private static Optional<RolloutState> statefulSet(StatefulSet statefulSet, long generation) {
    Optional<String> strategy =
        Optional.ofNullable(statefulSet.getSpec().getUpdateStrategy())
            .map(update -> update.getType());
    if (strategy.filter("OnDelete"::equals).isPresent()) {
      return Optional.empty();
    }
    StatefulSetStatus status =
        statefulSet.getStatus() == null ? new StatefulSetStatus() : statefulSet.getStatus();
    long observed = number(status.getObservedGeneration());
    if (observed < generation) {
      return Optional.of(unobserved(generation, observed));
    }
    int desired =
        statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
    int partition =
        Optional.ofNullable(statefulSet.getSpec().getUpdateStrategy())
            .map(update -> update.getRollingUpdate())
            .map(rolling -> rolling.getPartition())
            .orElse(0);
    int toUpdate = Math.max(0, desired - partition);
    int updated = number(status.getUpdatedReplicas());
    int ready = number(status.getReadyReplicas());
    String progress = updated + " of " + toUpdate + " pods updated, " + ready + " of " + desired;
    if (updated < toUpdate) {
      return Optional.of(RolloutState.waiting(updated + " of " + toUpdate + " pods updated"));
    }
    if (ready < desired) {
      return Optional.of(RolloutState.waiting(progress + " ready"));
    }
    String current = status.getCurrentRevision();
    String update = status.getUpdateRevision();
    if (partition == 0 && current != null && update != null && !current.equals(update)) {
      return Optional.of(
          RolloutState.waiting(
              progress + " ready, revision " + current + " not yet replaced by " + update));
    }
    return Optional.of(RolloutState.done(progress + " ready"));
  }

  private static Optional<RolloutState> daemonSet(DaemonSet daemonSet, long generation) {
    Optional<String> strategy =
        Optional.ofNullable(daemonSet.getSpec().getUpdateStrategy())
            .map(update -> update.getType());
    if (strategy.filter("OnDelete"::equals).isPresent()) {
      return Optional.empty();
    }
    DaemonSetStatus status =
        daemonSet.getStatus() == null ? new DaemonSetStatus() : daemonSet.getStatus();
    long observed = number(status.getObservedGeneration());
    if (observed < generation) {
      return Optional.of(unobserved(generation, observed));
    }
    int desired = number(status.getDesiredNumberScheduled());
    int updated = number(status.getUpdatedNumberScheduled());
    int available = number(status.getNumberAvailable());
    if (updated < desired) {
      return Optional.of(
          RolloutState.waiting(updated + " of " + desired + " scheduled pods updated"));
    }
    String progress =
        updated + " of " + desired + " scheduled pods updated, " + available + " available";
    return Optional.of(
        available < desired ? RolloutState.waiting(progress) : RolloutState.done(progress));
  }

  private static RolloutState unobserved(long generation, long observed) {
    return RolloutState.waiting(
        "the controller has not seen generation " + generation + " yet (it saw " + observed + ")");
  }

  private static int number(Integer value) {
    return value == null ? 0 : value;
  }

  private static long number(Long value) {
    return value == null ? 0 : value;
  }
}
