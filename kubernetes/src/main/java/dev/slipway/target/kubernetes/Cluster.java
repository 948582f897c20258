package dev.slipway.target.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    if (context.isPresent() && config.getCurrentContext() == null) {
      throw SlipwayException.invalid(
          "context",
          "context '%s' is not in %s",
          context.get(),
          kubeconfig.map(Path::toString).orElse("the kubeconfig"));
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
