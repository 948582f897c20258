package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the promotion engine runs.
 *
 * @param instanceId names this server in work leases; stable across restarts of one server so it
 *     takes back its own work at once, distinct between servers sharing a database
 * @param workers how many promotions may run a step at the same time
 * @param leaseDuration how long a claimed step is this instance's before another may take it
 * @param idlePoll the longest the scheduler sleeps without a wake-up signal
 * @param maxStepErrors how many unexpected errors in a row a step may have before the promotion
 *     errors
 */
public record EngineSettings(
    String instanceId, int workers, Duration leaseDuration, Duration idlePoll, int maxStepErrors) {
  public EngineSettings {
    requireNonNull(instanceId, "instanceId is null");
    requireNonNull(leaseDuration, "leaseDuration is null");
    requireNonNull(idlePoll, "idlePoll is null");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    if (maxStepErrors < 1) {
      throw new IllegalArgumentException("maxStepErrors must be at least 1");
    }
  }

  public EngineSettings withWorkers(int workers) {
    return new EngineSettings(instanceId, workers, leaseDuration, idlePoll, maxStepErrors);
  }

  public static EngineSettings defaults(String instanceId) {
    return new EngineSettings(instanceId, 4, Duration.ofMinutes(2), Duration.ofSeconds(1), 5);
  }
}
