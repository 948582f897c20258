package dev.slipway.check;

import java.time.Duration;

/** One configured check of one component in one environment. */
public interface Check {
  /** Names the check for people: {@code GET https://api.staging.example/_status}. */
  String description();

  /** How often the check runs while a promotion waits for the rollout or bakes. */
  Duration interval();

  /** How many failures in a row during the bake time fail the promotion. */
  int failureThreshold();

  /**
   * Runs the check once. It does not throw for the world saying no: an unreachable or unhealthy
   * service is a {@link CheckOutcome#FAILED} (or, during the rollout, {@link CheckOutcome#PENDING})
   * result with the reason in its detail.
   */
  CheckResult run(CheckRequest request);
}
