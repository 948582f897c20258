package dev.slipway.pending;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One thing waiting in an environment.
 *
 * @param environment where
 * @param release the open release, when it is one or the promotion carries one
 * @param promotion the pending promotion, when there is one
 * @param what what waits, in words: {@code release 7 (api@f3d0498)}
 * @param waitingOn on whom or what: {@code 2 of 5 owners certified; waiting on alice@...}
 * @param since since when it waits
 * @param waited how long it has waited
 */
public record PendingItem(
    EnvironmentName environment,
    Optional<Long> release,
    Optional<Long> promotion,
    String what,
    String waitingOn,
    Instant since,
    Duration waited) {
  public PendingItem {
    requireNonNull(environment, "environment is null");
    requireNonNull(release, "release is null");
    requireNonNull(promotion, "promotion is null");
    requireNonNull(what, "what is null");
    requireNonNull(waitingOn, "waitingOn is null");
    requireNonNull(since, "since is null");
    requireNonNull(waited, "waited is null");
  }
}
