package dev.slipway.environment;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.component.ComponentName;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;

/**
 * What runs for one component in one environment, as far as Slipway put it there.
 *
 * @param environment where
 * @param component what
 * @param build the registered build, when the running version is one
 * @param version the version the target names (the build's commit, or a restored older value)
 * @param since when it was put there
 * @param promotionId the promotion that put it there
 * @param deployedBy who asked for that promotion
 */
public record RunningBuild(
    EnvironmentName environment,
    ComponentName component,
    Optional<Build> build,
    String version,
    Instant since,
    long promotionId,
    Actor deployedBy) {
  public RunningBuild {
    requireNonNull(environment, "environment is null");
    requireNonNull(component, "component is null");
    requireNonNull(build, "build is null");
    requireNonNull(version, "version is null");
    requireNonNull(since, "since is null");
    requireNonNull(deployedBy, "deployedBy is null");
  }
}
