package dev.slipway.check;

/** The answer of one check run. */
public enum CheckOutcome {
  /** The expected version is running and healthy. */
  PASSED,
  /** During the rollout: the expected version is not there yet; ask again later. */
  PENDING,
  /**
   * The service is unhealthy, unreachable during the bake, or reports another version; during the
   * rollout, the new version is reported and unhealthy. Counts towards the check's failure
   * threshold in either stage.
   */
  FAILED
}
