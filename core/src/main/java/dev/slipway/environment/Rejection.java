package dev.slipway.environment;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import java.time.Instant;

/** A build that failed in an environment and is never promoted there automatically again. */
public record Rejection(
    EnvironmentName environment, Build build, long promotionId, String reason, Instant at) {
  public Rejection {
    requireNonNull(environment, "environment is null");
    requireNonNull(build, "build is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
  }
}
