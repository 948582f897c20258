package dev.slipway.target.kubernetes;

import static java.util.Objects.requireNonNull;

/**
 * How far a workload's rollout has come.
 *
 * @param done whether the workload runs its current spec everywhere it should
 * @param progress what the controller reports, such as {@code 2 of 3 replicas updated}
 * @param stuck whether the controller gave up (a Deployment past its progress deadline), so waiting
 *     longer cannot help
 */
record RolloutState(boolean done, String progress, boolean stuck) {
  RolloutState {
    requireNonNull(progress, "progress is null");
  }

  static RolloutState done(String progress) {
    return new RolloutState(true, progress, false);
  }

  static RolloutState waiting(String progress) {
    return new RolloutState(false, progress, false);
  }

  static RolloutState stuck(String progress) {
    return new RolloutState(false, progress, true);
  }
}
