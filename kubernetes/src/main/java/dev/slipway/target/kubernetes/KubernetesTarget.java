package dev.slipway.target.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.target.Target;
import dev.slipway.target.git.ValueTemplate;
import java.time.Duration;

/**
 * The image of one container of one workload, such as container {@code api} of Deployment {@code
 * notify/api}.
 */
public final class KubernetesTarget implements Target {
  private final Workload workload;
  private final String container;
  private final ValueTemplate image;
  private final Duration rolloutTimeout;
  private final KubernetesDeployer deployer;

  KubernetesTarget(
      Workload workload,
      String container,
      ValueTemplate image,
      Duration rolloutTimeout,
      KubernetesDeployer deployer) {
    this.workload = requireNonNull(workload, "workload is null");
    this.container = requireNonNull(container, "container is null");
    this.image = requireNonNull(image, "image is null");
    this.rolloutTimeout = requireNonNull(rolloutTimeout, "rolloutTimeout is null");
    this.deployer = requireNonNull(deployer, "deployer is null");
  }

  Workload workload() {
    return workload;
  }

  /** The container's name in the pod template. */
  public String container() {
    return container;
  }

  /** How long the workload may take to run the new image everywhere. */
  public Duration rolloutTimeout() {
    return rolloutTimeout;
  }

  @Override
  public String description() {
    return workload.description()
        + " container "
        + container
        + deployer.cluster().description().map(cluster -> " (" + cluster + ")").orElse("");
  }

  @Override
  public String valueFor(Build build) {
    return image.render(build, description());
  }

  @Override
  public KubernetesDeployer deployer() {
    return deployer;
  }

  @Override
  public String toString() {
    return description();
  }
}
