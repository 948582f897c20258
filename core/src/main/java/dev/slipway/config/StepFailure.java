package dev.slipway.config;

/** What a failing step after a deploy does. */
public enum StepFailure {
  /** It is written to the step log as a warning, and the promotion carries on. */
  REPORT,
  /** The promotion fails and rolls back, as when a check fails. */
  ROLLBACK
}
