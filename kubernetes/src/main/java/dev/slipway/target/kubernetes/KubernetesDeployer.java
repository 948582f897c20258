package dev.slipway.target.kubernetes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.Durations;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployLog;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Deployer;
import dev.slipway.target.TargetChange;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets images on the workloads of one cluster. Each workload is changed with its own JSON patch,
 * which also records the operation id and the images it replaced in annotations, so a repeated
 * apply of the same operation recognises its earlier work instead of changing anything again. Then
 * it waits for each changed workload to roll out.
 *
 * <p>If a workload cannot be changed or does not finish its rollout, the workloads this operation
 * changed get their previous images back before the error is raised, so a failed operation does not
 * leave the cluster half changed.
 */
public final class KubernetesDeployer implements Deployer {
  /** The id of the operation that last set images on a workload. */
  static final String OPERATION_ANNOTATION = "slipway.dev/operation";

  /** The images that operation replaced, as a JSON object from container name to image. */
  static final String PREVIOUS_IMAGES_ANNOTATION = "slipway.dev/previous-images";

  /**
   * How often a rollout is read: soon after the patch, when a small workload may already be done,
   * then less often up to the longest interval, so a slow rollout costs the API server little.
   */
  private static final Duration FIRST_POLL = Duration.ofMillis(100);

  private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cluster cluster;
  private volatile KubernetesClient client;

  KubernetesDeployer(Cluster cluster) {
    this.cluster = requireNonNull(cluster, "cluster is null");
  }

  Cluster cluster() {
    return cluster;
  }

  @Override
  public AppliedOperation apply(DeployOperation operation) {
    Map<Workload, List<Integer>> byWorkload = new LinkedHashMap<>();
    List<TargetChange> changes = operation.changes();
    for (int i = 0; i < changes.size(); i++) {
      byWorkload
          .computeIfAbsent(target(changes.get(i)).workload(), workload -> new ArrayList<>())
          .add(i);
    }
    KubernetesClient client = client();
    List<Plan> plans = new ArrayList<>();
    for (Map.Entry<Workload, List<Integer>> entry : byWorkload.entrySet()) {
      plans.add(plan(client, operation, entry.getKey(), entry.getValue()));
    }
    DeployLog log = operation.log();
    List<Plan> changed = new ArrayList<>();
    try {
      for (Plan plan : plans) {
        if (plan.resumed()) {
          log.note(
              plan.workload().description()
                  + " already carries "
                  + OPERATION_ANNOTATION
                  + ": "
                  + operation.id()
                  + "; not changed again");
        } else {
          patch(client, operation, plan);
        }
        changed.add(plan);
      }
      for (Plan plan : plans) {
        awaitRollout(client, plan, log);
      }
    } catch (RuntimeException e) {
      restore(client, operation, changed, log);
      throw e;
    }
    AppliedChange[] applied = new AppliedChange[changes.size()];
    for (Plan plan : plans) {
      for (int index : plan.indices()) {
        TargetChange change = changes.get(index);
        applied[index] =
            new AppliedChange(
                change, Optional.ofNullable(plan.previous().get(target(change).container())));
      }
    }
    return new AppliedOperation(
        Optional.of(reference(plans)), List.of(applied), plans.stream().allMatch(Plan::resumed));
  }

  /**
   * What to do to one workload.
   *
   * @param images the container images to set, by container name
   * @param previous the images they replace (or replaced, when resumed), by container name
   * @param containerIndex each container's position in the pod template
   * @param resumed whether this operation already changed the workload
   * @param timeout the longest rollout timeout of the workload's targets
   */
  private record Plan(
      Workload workload,
      List<Integer> indices,
      Map<String, String> images,
      Map<String, String> previous,
      Map<String, Integer> containerIndex,
      boolean resumed,
      Duration timeout) {}

  private Plan plan(
      KubernetesClient client,
      DeployOperation operation,
      Workload workload,
      List<Integer> indices) {
    HasMetadata current = read(client, workload);
    List<Container> containers = workload.kind().containers(current);
    Map<String, Integer> containerIndex = new LinkedHashMap<>();
    Map<String, String> currentImages = new LinkedHashMap<>();
    for (int i = 0; i < containers.size(); i++) {
      containerIndex.put(containers.get(i).getName(), i);
      currentImages.put(containers.get(i).getName(), containers.get(i).getImage());
    }
    Map<String, String> images = new LinkedHashMap<>();
    Duration timeout = Duration.ZERO;
    for (int index : indices) {
      TargetChange change = operation.changes().get(index);
      KubernetesTarget target = target(change);
      if (!containerIndex.containsKey(target.container())) {
        throw SlipwayException.invalid(
            "container",
            "%s%s has no container '%s'; its containers: %s",
            workload.description(),
            cluster.description().map(where -> " (" + where + ")").orElse(""),
            target.container(),
            List.copyOf(containerIndex.keySet()));
      }
      images.put(target.container(), change.value());
      timeout = timeout.compareTo(target.rolloutTimeout()) < 0 ? target.rolloutTimeout() : timeout;
    }
    Map<String, String> annotations =
        current.getMetadata().getAnnotations() == null
            ? Map.of()
            : current.getMetadata().getAnnotations();
    boolean resumed = operation.id().equals(annotations.get(OPERATION_ANNOTATION));
    Map<String, String> previous = new LinkedHashMap<>();
    if (resumed) {
      previous.putAll(previousImages(workload, annotations.get(PREVIOUS_IMAGES_ANNOTATION)));
    } else {
      for (String container : images.keySet()) {
        previous.put(container, currentImages.get(container));
      }
    }
    return new Plan(workload, indices, images, previous, containerIndex, resumed, timeout);
  }

  private HasMetadata read(KubernetesClient client, Workload workload) {
    HasMetadata current;
    try {
      current = workload.kind().resource(client, workload).get();
    } catch (KubernetesClientException e) {
      throw failure("read " + workload.description(), e);
    }
    if (current == null) {
      throw SlipwayException.invalid(
          "name",
          "%s does not exist%s",
          workload.description(),
          cluster.description().map(where -> " in " + where).orElse(""));
    }
    return current;
  }

  private void patch(KubernetesClient client, DeployOperation operation, Plan plan) {
    for (Map.Entry<String, String> image : plan.images().entrySet()) {
      String previous = plan.previous().get(image.getKey());
      operation
          .log()
          .note(
              plan.workload().description()
                  + " container "
                  + image.getKey()
                  + (image.getValue().equals(previous)
                      ? ": already " + image.getValue()
                      : ": " + previous + " -> " + image.getValue()));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(OPERATION_ANNOTATION, operation.id());
    annotations.put(PREVIOUS_IMAGES_ANNOTATION, write(plan.previous()));
    send(client, plan, plan.images(), annotations, "set images on");
  }

  /**
   * One JSON patch: the mock server ignores strategic merges of container lists, and a JSON patch
   * that first tests each container's name cannot set the image of another container if the list
   * changed since it was read.
   */
  private void send(
      KubernetesClient client,
      Plan plan,
      Map<String, String> images,
      Map<String, String> annotations,
      String purpose) {
    Workload workload = plan.workload();
    ArrayNode patch = JSON.createArrayNode();
    String containers = workload.kind().containersPointer();
    for (Map.Entry<String, String> image : images.entrySet()) {
      int index = plan.containerIndex().get(image.getKey());
      patch
          .addObject()
          .put("op", "test")
          .put("path", containers + "/" + index + "/name")
          .put("value", image.getKey());
      patch
          .addObject()
          .put("op", "replace")
          .put("path", containers + "/" + index + "/image")
          .put("value", image.getValue());
    }
    HasMetadata current = read(client, workload);
    if (current.getMetadata().getAnnotations() == null) {
      ObjectNode all = JSON.createObjectNode();
      annotations.forEach(all::put);
      patch.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", all);
    } else {
      annotations.forEach(
          (key, value) ->
              patch
                  .addObject()
                  .put("op", "add")
                  .put("path", "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1"))
                  .put("value", value));
    }
    try {
      workload
          .kind()
          .resource(client, workload)
          .patch(PatchContext.of(PatchType.JSON), patch.toString());
    } catch (KubernetesClientException e) {
      throw failure(purpose + " " + workload.description(), e);
    }
  }

  private void awaitRollout(KubernetesClient client, Plan plan, DeployLog log) {
    Workload workload = plan.workload();
    long deadline = System.nanoTime() + plan.timeout().toNanos();
    String last = null;
    Duration poll = FIRST_POLL;
    while (true) {
      HasMetadata current;
      try {
        current = read(client, workload);
      } catch (SlipwayException e) {
        if (e.isTerminal() || System.nanoTime() - deadline >= 0) {
          throw e;
        }
        // A passing API error should not undo a rollout that is going well: read again later.
        log.note("Could not read " + workload.description() + ": " + e.getMessage());
        poll = sleep(workload, poll);
        continue;
      }
      Optional<RolloutState> state = workload.kind().rollout(current);
      if (state.isEmpty()) {
        log.note(
            workload.kind() == WorkloadKind.CRON_JOB
                ? workload.description() + " updated; its next job runs the new image"
                : workload.description()
                    + " updated; its pods take the new image when they are deleted (OnDelete)");
        return;
      }
      RolloutState rollout = state.get();
      if (rollout.done()) {
        log.note(workload.description() + " rolled out: " + rollout.progress());
        return;
      }
      if (rollout.stuck()) {
        throw SlipwayException.externalTerminal(
            "rollout of " + workload.description() + " failed: " + rollout.progress(), null);
      }
      if (!rollout.progress().equals(last)) {
        log.note("Waiting for " + workload.description() + ": " + rollout.progress());
        last = rollout.progress();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw SlipwayException.externalTerminal(
            "rollout of "
                + workload.description()
                + " did not finish within "
                + Durations.format(plan.timeout())
                + ": "
                + rollout.progress(),
            null);
      }
      poll = sleep(workload, poll);
    }
  }

  /** Sleeps for {@code poll} and returns the next, longer interval. */
  private static Duration sleep(Workload workload, Duration poll) {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SlipwayException.external(
          "interrupted while waiting for the rollout of " + workload.description(), e);
    }
    Duration next = poll.multipliedBy(2);
    return next.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : next;
  }

  /** Puts back the images the failed operation replaced, without waiting for that rollout. */
  private void restore(
      KubernetesClient client, DeployOperation operation, List<Plan> changed, DeployLog log) {
    for (Plan plan : changed) {
      Map<String, String> images = new LinkedHashMap<>();
      plan.previous()
          .forEach(
              (container, image) -> {
                if (image != null && !image.equals(plan.images().get(container))) {
                  images.put(container, image);
                }
              });
      if (images.isEmpty()) {
        continue;
      }
      try {
        send(
            client,
            plan,
            images,
            Map.of(OPERATION_ANNOTATION, "undone " + operation.id()),
            "restore images on");
        log.note(plan.workload().description() + ": restored " + images + " after the failure");
      } catch (RuntimeException e) {
        log.note(
            "Could not restore "
                + images
                + " on "
                + plan.workload().description()
                + ": "
                + e.getMessage()
                + "; restore it by hand");
      }
    }
  }

  private static Map<String, String> previousImages(Workload workload, String annotation) {
    Map<String, String> images = new LinkedHashMap<>();
    if (annotation == null) {
      return images;
    }
    JsonNode node;
    try {
      node = JSON.readTree(annotation);
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw SlipwayException.externalTerminal(
          "annotation "
              + PREVIOUS_IMAGES_ANNOTATION
              + " of "
              + workload.description()
              + " is not a JSON object of images: "
              + annotation,
          null);
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().isTextual()) {
        images.put(field.getKey(), field.getValue().asText());
      }
    }
    return images;
  }

  private static String write(Map<String, String> images) {
    ObjectNode node = JSON.createObjectNode();
    images.forEach(node::put);
    return node.toString();
  }

  /** {@code deployment notify/api}, and how many more workloads, within the 200 characters kept. */
  private static String reference(List<Plan> plans) {
    String first = plans.get(0).workload().description();
    String reference = plans.size() == 1 ? first : first + " and " + (plans.size() - 1) + " more";
    return reference.length() <= 200 ? reference : reference.substring(0, 200);
  }

  private SlipwayException failure(String action, KubernetesClientException e) {
    int code = e.getCode();
    String where = cluster.description().map(cluster -> " (" + cluster + ")").orElse("");
    // The client reports an answer that never came as code 0 or -1.
    boolean answered = code > 0;
    String message =
        answered
            ? "Kubernetes refused to " + action + where + " (HTTP " + code + "): " + e.getMessage()
            : "could not " + action + where + ": " + rootCause(e);
    boolean passing = !answered || code == 409 || code == 429 || code >= 500;
    return passing
        ? SlipwayException.external(message, e)
        : SlipwayException.externalTerminal(message, e);
  }

  /** The innermost message: the client's own ("Operation: [get] ... failed.") says little. */
  private static String rootCause(Throwable error) {
    Throwable cause = error;
    String message = error.getMessage();
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
    }
    return message == null ? error.getClass().getSimpleName() : message;
  }

  private static KubernetesTarget target(TargetChange change) {
    if (change.target() instanceof KubernetesTarget target) {
      return target;
    }
    throw SlipwayException.internal(
        "a kubernetes deployer was given " + change.target().description(), null);
  }

  private KubernetesClient client() {
    KubernetesClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current = cluster.connect();
          client = current;
        }
      }
    }
    return current;
  }

  @Override
  public String toString() {
    return "kubernetes " + cluster.description().orElse("default cluster");
  }
}
