package dev.slipway.target.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to reach one cluster: a kubeconfig file and a context in it, either of which may be left to
 * the client's own discovery ({@code KUBECONFIG}, {@code ~/.kube/config}, or the service account of
 * a pod running in the cluster).
 *
 * @param kubeconfig an absolute path, or empty for the client's discovery
 * @param context a context of the kubeconfig, or empty for its current context
 */
record Cluster(Optional<Path> kubeconfig, Optional<String> context) {
  private static final int REQUEST_RETRIES = 2;

  Cluster {
    requireNonNull(kubeconfig, "kubeconfig is null");
    requireNonNull(context, "context is null");
  }

  /** Empty for the discovered cluster, so the common case keeps target descriptions short. */
  Optional<String> description() {
    if (kubeconfig.isEmpty() && context.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(
                " ",
                context.map(name -> "context " + name).orElse(""),
                kubeconfig.map(path -> "kubeconfig " + path).orElse(""))
            .strip());
  }

  /** A client for the cluster; reads the kubeconfig (or the service account) now. */
  KubernetesClient connect() {
    Config config;
    try {
      if (kubeconfig.isPresent()) {
        Path file = kubeconfig.get();
        if (!Files.isRegularFile(file)) {
          throw SlipwayException.invalid(
              "kubeconfig", "kubeconfig %s does not exist or is not a file", file);
        }
        config = Config.fromKubeconfig(context.orElse(null), file.toFile());
      } else {
        config = Config.autoConfigure(context.orElse(null));
      }
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw SlipwayException.invalid(
          kubeconfig.isPresent() ? "kubeconfig" : "context",
          "cannot configure a Kubernetes client for %s: %s",
          description().orElse("the default cluster"),
          e.getMessage());
    }
    List<String> contexts =
        config.getContexts() == null
            ? List.of()
            : config.getContexts().stream().map(NamedContext::getName).toList();
    if (context.isPresent() && !contexts.contains(context.get())) {
      throw SlipwayException.invalid(
          "context",
          "context '%s' is not in %s; its contexts: %s",
          context.get(),
          kubeconfig.map(path -> "kubeconfig " + path).orElse("the kubeconfig"),
          contexts);
    }
    // The engine retries a failed deploy step with its own backoff while the step holds a worker,
    // so the client's own retries stay short (its default can wait minutes for a dead server).
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
