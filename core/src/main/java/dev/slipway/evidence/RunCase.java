package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.evidence.report.TestCaseResult;

/**
 * A stored test case of a run.
 *
 * @param result the case as the report stated it
 * @param flakyOnBuilds true when the same case both passed and failed in runs of the same suite on
 *     the same builds, this run included
 */
public record RunCase(TestCaseResult result, boolean flakyOnBuilds) {
  public RunCase {
    requireNonNull(result, "result is null");
  }

  /** Flaky within the run (passed on a rerun) or across runs of the same builds. */
  public boolean flaky() {
    return result.flaky() || flakyOnBuilds;
  }
}
