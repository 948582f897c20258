package dev.slipway.release;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A release as stored.
 *
 * @param id its number
 * @param environment where it goes
 * @param source the environment whose verified builds it was cut from (the upstream)
 * @param origin cut by hand, following the upstream, or by a train
 * @param state open, superseded or shipped
 * @param cutBy who cut it ({@link Actor#SLIPWAY} for automatic and train cuts)
 * @param cutAt when
 * @param supersededBy the newer release that replaced it
 * @param stateChangedAt when it entered its state
 * @param builds one build per component, by component name
 */
public record Release(
    long id,
    EnvironmentName environment,
    EnvironmentName source,
    ReleaseOrigin origin,
    ReleaseState state,
    Actor cutBy,
    Instant cutAt,
    Optional<Long> supersededBy,
    Instant stateChangedAt,
    List<Build> builds) {
  public Release {
    requireNonNull(environment, "environment is null");
    requireNonNull(source, "source is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(state, "state is null");
    requireNonNull(cutBy, "cutBy is null");
    requireNonNull(cutAt, "cutAt is null");
    requireNonNull(supersededBy, "supersededBy is null");
    requireNonNull(stateChangedAt, "stateChangedAt is null");
    builds = List.copyOf(requireNonNull(builds, "builds is null"));
  }

  public Optional<Build> findBuild(ComponentName component) {
    return builds.stream().filter(build -> build.component().equals(component)).findFirst();
  }

  /** {@code api@f3d0498, admin@1a2b3c4}. */
  public String describeBuilds() {
    return builds.stream().map(Build::shortName).collect(Collectors.joining(", "));
  }

  /** {@code release:12}, the audit subject. */
  public String subject() {
    return "release:" + id;
  }

  Release withBuilds(List<Build> newBuilds) {
    return new Release(
        id,
        environment,
        source,
        origin,
        state,
        cutBy,
        cutAt,
        supersededBy,
        stateChangedAt,
        newBuilds);
  }
}
