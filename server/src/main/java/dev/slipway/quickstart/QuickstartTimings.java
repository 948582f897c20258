package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How fast the quickstart's world moves: the environments' bake time and checks, the fleet's
 * rollout, and how the narrator follows along. The standard pace lets a person read along; the fast
 * one runs the same scenario for tests.
 *
 * @param bakeTime how long an environment's checks must keep passing after a rollout
 * @param rolloutTimeout how long a new version has to appear before its promotion is rolled back
 * @param checkInterval how often a check asks a service's {@code /_status}
 * @param checkTimeout how long one check request may take
 * @param failureThreshold how many failed checks in a row fail a promotion
 * @param rolloutDelay how long a simulated service takes to run a version the manifests name
 * @param fleetPollInterval how often the simulated services read the manifests repository
 * @param engineIdlePoll the longest the promotion scheduler sleeps without being woken
 * @param followInterval how often the narrator reads a promotion it follows
 * @param pause how long the narrator waits between the acts, so a reader can catch up
 * @param actTimeout how long the narrator waits for the promotions of one act to end
 */
public record QuickstartTimings(
    Duration bakeTime,
    Duration rolloutTimeout,
    Duration checkInterval,
    Duration checkTimeout,
    int failureThreshold,
    Duration rolloutDelay,
    Duration fleetPollInterval,
    Duration engineIdlePoll,
    Duration followInterval,
    Duration pause,
    Duration actTimeout) {
  public QuickstartTimings {
    requireNonNull(bakeTime, "bakeTime is null");
    requireNonNull(rolloutTimeout, "rolloutTimeout is null");
    requireNonNull(checkInterval, "checkInterval is null");
    requireNonNull(checkTimeout, "checkTimeout is null");
    requireNonNull(rolloutDelay, "rolloutDelay is null");
    requireNonNull(fleetPollInterval, "fleetPollInterval is null");
    requireNonNull(engineIdlePoll, "engineIdlePoll is null");
    requireNonNull(followInterval, "followInterval is null");
    requireNonNull(pause, "pause is null");
    requireNonNull(actTimeout, "actTimeout is null");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
  }

  /** A pace a person can follow: the whole show takes about a minute. */
  public static QuickstartTimings standard() {
    return new QuickstartTimings(
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        2,
        Duration.ofSeconds(2),
        Duration.ofMillis(50),
        Duration.ofSeconds(1),
        Duration.ofMillis(250),
        Duration.ofSeconds(3),
        Duration.ofMinutes(3));
  }

  /** The same scenario in a few seconds, for tests. */
  public static QuickstartTimings fast() {
    return new QuickstartTimings(
        Duration.ofMillis(500),
        Duration.ofSeconds(20),
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        2,
        Duration.ofMillis(200),
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        Duration.ofMillis(50),
        Duration.ZERO,
        Duration.ofMinutes(1));
  }
}
