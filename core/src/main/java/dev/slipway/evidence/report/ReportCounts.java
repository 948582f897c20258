package dev.slipway.evidence.report;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts cases as a format hands them on, so a summary says what was read, not what was claimed.
 */
final class ReportCounts {
  private long tests;
  private long failed;
  private long errored;
  private long skipped;
  private long flaky;

  void count(TestCaseResult testCase) {
    tests++;
    switch (testCase.status()) {
      case PASSED -> {}
      case FAILED -> failed++;
      case ERRORED -> errored++;
      case SKIPPED -> skipped++;
    }
    if (testCase.flaky()) {
      flaky++;
    }
  }

  /** One endpoint of a load test, which counts as a test that passed. */
  void countEndpoint() {
    tests++;
  }

  ReportSummary summary(Optional<Duration> duration, Optional<Integer> exitCode) {
    return new ReportSummary(tests, failed, errored, skipped, flaky, duration, exitCode);
  }
}
