package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment as configured.
 *
 * @param name the environment's name
 * @param upstream where its builds come from; empty when they come straight from CI
 * @param policy whether promotions start on their own
 * @param bakeTime how long checks must keep passing after the rollout before a promotion succeeds
 * @param rolloutTimeout how long the new version has to appear before the promotion is rolled back
 * @param components per component, where and how it is deployed and verified here
 * @param gates what must hold before a promotion starts here, in configuration order
 */
public record EnvironmentConfig(
    EnvironmentName name,
    Optional<EnvironmentName> upstream,
    PromotionPolicy policy,
    Duration bakeTime,
    Duration rolloutTimeout,
    Map<ComponentName, DeploymentConfig> components,
    List<PluginConfig> gates) {
  public EnvironmentConfig {
    requireNonNull(name, "name is null");
    requireNonNull(upstream, "upstream is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(bakeTime, "bakeTime is null");
    requireNonNull(rolloutTimeout, "rolloutTimeout is null");
    components = Map.copyOf(requireNonNull(components, "components is null"));
    gates = List.copyOf(requireNonNull(gates, "gates is null"));
  }

  /** An environment without gates. */
  public EnvironmentConfig(
      EnvironmentName name,
      Optional<EnvironmentName> upstream,
      PromotionPolicy policy,
      Duration bakeTime,
      Duration rolloutTimeout,
      Map<ComponentName, DeploymentConfig> components) {
    this(name, upstream, policy, bakeTime, rolloutTimeout, components, List.of());
  }

  public Optional<DeploymentConfig> findDeployment(ComponentName component) {
    return Optional.ofNullable(components.get(component));
  }

  public DeploymentConfig getDeployment(ComponentName component) {
    return findDeployment(component)
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "builds",
                    "environment '%s' has no targets for component '%s'; it deploys: %s",
                    name,
                    component,
                    components.keySet().stream().map(Object::toString).sorted().toList()));
  }
}
