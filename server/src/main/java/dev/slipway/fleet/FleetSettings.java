package dev.slipway.fleet;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.time.Duration;

/**
 * How a simulated fleet listens and how quickly its services follow the manifests.
 *
 * <p>A service notices that its source of truth names another version at its next poll, and runs
 * that version once {@code rolloutDelay} has passed since it noticed, at the first poll from then
 * on. So with the system clock a change is served between {@code rolloutDelay} and {@code
 * rolloutDelay + 2 * pollInterval} after it was written, as a real rollout takes a while.
 *
 * @param port the loopback port to listen on; 0 picks a free one
 * @param pollInterval how often every service reads its source of truth
 * @param rolloutDelay how long a service takes to switch to a version it noticed
 */
public record FleetSettings(int port, Duration pollInterval, Duration rolloutDelay) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
  public static final Duration DEFAULT_ROLLOUT_DELAY = Duration.ofSeconds(2);

  public FleetSettings {
    requireNonNull(pollInterval, "pollInterval is null");
    requireNonNull(rolloutDelay, "rolloutDelay is null");
    if (port < 0 || port > 65535) {
      throw SlipwayException.invalid("port", "port %d is not between 0 and 65535", port);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw SlipwayException.invalid(
          "pollInterval",
          "the fleet's poll interval must be longer than zero, not %s",
          pollInterval);
    }
    if (rolloutDelay.isNegative()) {
      throw SlipwayException.invalid(
          "rolloutDelay", "the fleet's rollout delay must not be negative, not %s", rolloutDelay);
    }
  }

  /** A free port, polling every 50ms, switching 2s after a change was noticed. */
  public static FleetSettings defaults() {
    return new FleetSettings(0, DEFAULT_POLL_INTERVAL, DEFAULT_ROLLOUT_DELAY);
  }

  public FleetSettings withPort(int port) {
    return new FleetSettings(port, pollInterval, rolloutDelay);
  }

  public FleetSettings withPollInterval(Duration pollInterval) {
    return new FleetSettings(port, pollInterval, rolloutDelay);
  }

  public FleetSettings withRolloutDelay(Duration rolloutDelay) {
    return new FleetSettings(port, pollInterval, rolloutDelay);
  }
}
