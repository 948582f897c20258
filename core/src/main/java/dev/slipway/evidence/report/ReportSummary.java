package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The counts of a whole report.
 *
 * @param tests how many test cases it holds (for a load test: how many endpoints)
 * @param failed how many ended {@link CaseStatus#FAILED}
 * @param errored how many ended {@link CaseStatus#ERRORED}
 * @param skipped how many were skipped
 * @param flaky how many passed only on a rerun
 * @param duration how long the run took, when the report says
 * @param exitCode the exit code of a run reported by its exit code
 */
public record ReportSummary(
    long tests,
    long failed,
    long errored,
    long skipped,
    long flaky,
    Optional<Duration> duration,
    Optional<Integer> exitCode) {
  public ReportSummary {
    requireNonNull(duration, "duration is null");
    requireNonNull(exitCode, "exitCode is null");
    if (tests < 0 || failed < 0 || errored < 0 || skipped < 0 || flaky < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
    if (failed + errored + skipped > tests) {
      throw new IllegalArgumentException("more failed, errored and skipped cases than tests");
    }
  }

  public long passed() {
    return tests - failed - errored - skipped;
  }

  /** True when nothing failed or errored (and, for an exit-code run, it exited with 0). */
  public boolean green() {
    return failed == 0 && errored == 0 && exitCode.map(code -> code == 0).orElse(true);
  }
}
