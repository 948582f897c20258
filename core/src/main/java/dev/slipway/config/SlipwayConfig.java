package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Roles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of {@code slipway.yaml}, validated: every reference between its parts resolves and
 * every target, check and gate type is known.
 *
 * @param roles who holds the roles that gates name, such as the approvers of production
 * @param releases which environments take releases, and who owns and certifies commits
 */
public record SlipwayConfig(
    Path source,
    Map<String, RepositoryConfig> repositories,
    Map<ComponentName, ComponentConfig> components,
    Map<EnvironmentName, EnvironmentConfig> environments,
    Roles roles,
    ReleaseConfig releases,
    EvidenceConfig evidence) {
  public SlipwayConfig {
    requireNonNull(source, "source is null");
    repositories = Map.copyOf(requireNonNull(repositories, "repositories is null"));
    components = Map.copyOf(requireNonNull(components, "components is null"));
    environments = Map.copyOf(requireNonNull(environments, "environments is null"));
    requireNonNull(roles, "roles is null");
    requireNonNull(releases, "releases is null");
    requireNonNull(evidence, "evidence is null");
  }

  /** A configuration in which no environment takes releases, with the given test evidence. */
  public SlipwayConfig(
      Path source,
      Map<String, RepositoryConfig> repositories,
      Map<ComponentName, ComponentConfig> components,
      Map<EnvironmentName, EnvironmentConfig> environments,
      Roles roles,
      EvidenceConfig evidence) {
    this(source, repositories, components, environments, roles, ReleaseConfig.none(), evidence);
  }

  /** A configuration with the given releases and the default settings of test evidence. */
  public SlipwayConfig(
      Path source,
      Map<String, RepositoryConfig> repositories,
      Map<ComponentName, ComponentConfig> components,
      Map<EnvironmentName, EnvironmentConfig> environments,
      Roles roles,
      ReleaseConfig releases) {
    this(
        source, repositories, components, environments, roles, releases, EvidenceConfig.defaults());
  }

  /** A configuration with the given roles and the default settings of everything else. */
  public SlipwayConfig(
      Path source,
      Map<String, RepositoryConfig> repositories,
      Map<ComponentName, ComponentConfig> components,
      Map<EnvironmentName, EnvironmentConfig> environments,
      Roles roles) {
    this(source, repositories, components, environments, roles, ReleaseConfig.none());
  }

  /** A configuration without roles, with the default settings of everything not given. */
  public SlipwayConfig(
      Path source,
      Map<String, RepositoryConfig> repositories,
      Map<ComponentName, ComponentConfig> components,
      Map<EnvironmentName, EnvironmentConfig> environments) {
    this(source, repositories, components, environments, Roles.none());
  }

  public Optional<EnvironmentConfig> findEnvironment(EnvironmentName name) {
    return Optional.ofNullable(environments.get(name));
  }

  public EnvironmentConfig getEnvironment(EnvironmentName name) {
    return findEnvironment(name)
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "environment",
                    "environment '%s' is not configured; configured environments: %s",
                    name,
                    environments.keySet().stream().map(Object::toString).sorted().toList()));
  }

  public Optional<ComponentConfig> findComponent(ComponentName name) {
    return Optional.ofNullable(components.get(name));
  }

  public ComponentConfig getComponent(ComponentName name) {
    return findComponent(name)
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "component",
                    "component '%s' is not configured; configured components: %s",
                    name,
                    components.keySet().stream().map(Object::toString).sorted().toList()));
  }

  /** The environments whose upstream is the given one, in name order. */
  public List<EnvironmentConfig> downstreamOf(EnvironmentName upstream) {
    return environments.values().stream()
        .filter(environment -> environment.upstream().filter(upstream::equals).isPresent())
        .sorted((left, right) -> left.name().compareTo(right.name()))
        .toList();
  }

  /** The environments that take builds straight from CI (no upstream), in name order. */
  public List<EnvironmentConfig> entryEnvironments() {
    return environments.values().stream()
        .filter(environment -> environment.upstream().isEmpty())
        .sorted((left, right) -> left.name().compareTo(right.name()))
        .toList();
  }
}
