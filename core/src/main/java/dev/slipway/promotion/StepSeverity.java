package dev.slipway.promotion;

/** How much a step-log line matters. */
public enum StepSeverity {
  /** Progress. */
  INFO,
  /** Something went wrong but the promotion carries on (a retried push, a failed check run). */
  WARNING,
  /** The promotion failed or errored because of this. */
  ERROR
}
