package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one component is deployed to one environment and verified there.
 *
 * @param targets where a promotion writes the new version; all of them, in order
 * @param checks what must report the new version and stay healthy through the bake time
 */
public record DeploymentConfig(List<PluginConfig> targets, List<PluginConfig> checks) {
  public DeploymentConfig {
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
  }
}
