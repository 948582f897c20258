package dev.slipway.evidence.report;

/** How one test case ended. */
public enum CaseStatus {
  PASSED,
  /** An assertion said no. */
  FAILED,
  /** The test could not run to its assertion: an exception, a timeout, a broken fixture. */
  ERRORED,
  SKIPPED
}
