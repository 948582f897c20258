package dev.slipway.gate;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.environment.EnvironmentName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a gate is asked about: builds waiting to go to an environment.
 *
 * @param environment where the builds would go
 * @param upstream the environment they come from; empty when they come straight from CI
 * @param builds the builds the promotion would put in place, one per component
 * @param release the release the promotion carries; empty for a promotion of loose builds
 * @param promotion the waiting promotion's id; empty when a gate is asked ahead of one (a preview)
 * @param now the time of the question
 */
public record GateRequest(
    EnvironmentName environment,
    Optional<EnvironmentName> upstream,
    List<Build> builds,
    Optional<Long> release,
    Optional<Long> promotion,
    Instant now) {
  public GateRequest {
    requireNonNull(environment, "environment is null");
    requireNonNull(upstream, "upstream is null");
    builds = List.copyOf(requireNonNull(builds, "builds is null"));
    requireNonNull(release, "release is null");
    requireNonNull(promotion, "promotion is null");
    requireNonNull(now, "now is null");
  }
}
