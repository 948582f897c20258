package dev.slipway.deployment;

import static java.util.Objects.requireNonNull;

import dev.slipway.check.Check;
import dev.slipway.component.ComponentName;
import dev.slipway.config.DeploymentConfig;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The targets and checks of every component in every environment, made once from a validated
 * configuration.
 */
public final class Deployments {
  /** The targets and checks of one component in one environment, in configuration order. */
  public record Deployment(List<Target> targets, List<Check> checks) {
    public Deployment {
      targets = List.copyOf(requireNonNull(targets, "targets is null"));
      checks = List.copyOf(requireNonNull(checks, "checks is null"));
    }
  }

  private record Key(EnvironmentName environment, ComponentName component) {}

  private final Map<Key, Deployment> deployments;

  private Deployments(Map<Key, Deployment> deployments) {
    this.deployments = Map.copyOf(deployments);
  }

  public static Deployments create(Plugins plugins, PluginContext context) {
    Map<Key, Deployment> deployments = new HashMap<>();
    for (EnvironmentConfig environment : context.config().environments().values()) {
      for (Map.Entry<ComponentName, DeploymentConfig> entry : environment.components().entrySet()) {
        DeploymentConfig config = entry.getValue();
        deployments.put(
            new Key(environment.name(), entry.getKey()),
            new Deployment(
                config.targets().stream()
                    .map(target -> plugins.createTarget(target, context))
                    .toList(),
                config.checks().stream()
                    .map(check -> plugins.createCheck(check, context))
                    .toList()));
      }
    }
    return new Deployments(deployments);
  }

  public Optional<Deployment> find(EnvironmentName environment, ComponentName component) {
    return Optional.ofNullable(deployments.get(new Key(environment, component)));
  }

  public Deployment get(EnvironmentName environment, ComponentName component) {
    return find(environment, component)
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "builds",
                    "component '%s' is not deployed to environment '%s'",
                    component,
                    environment));
  }
}
