package dev.slipway.testing;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.CaseStatus;
import dev.slipway.evidence.report.ReportFormat;
import dev.slipway.evidence.report.ReportListener;
import dev.slipway.evidence.report.ReportSummary;
import dev.slipway.evidence.report.TestCaseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A report format for storage tests: it reads the whole body (so the raw report is recorded as a
 * parser would leave it) and hands the listener the cases it was made with, then either returns
 * their counts or, like a parser meeting malformed input halfway, fails after handing some over.
 */
public final class TestingReportFormat implements ReportFormat {
  private final List<TestCaseResult> cases;
  private final int failAfter;

  private TestingReportFormat(List<TestCaseResult> cases, int failAfter) {
    this.cases = List.copyOf(requireNonNull(cases, "cases is null"));
    this.failAfter = failAfter;
  }

  public static TestingReportFormat of(List<TestCaseResult> cases) {
    return new TestingReportFormat(cases, -1);
  }

  /** A report that turns out malformed at line 3, column 7, after {@code count} cases. */
  public static TestingReportFormat malformedAfter(List<TestCaseResult> cases, int count) {
    return new TestingReportFormat(cases, count);
  }

  public static TestCaseResult passed(String suite, String name) {
    return new TestCaseResult(
        suite,
        suite,
        name,
        CaseStatus.PASSED,
        Optional.of(Duration.ofMillis(12)),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  public static TestCaseResult failed(String suite, String name, String message) {
    return new TestCaseResult(
        suite,
        suite,
        name,
        CaseStatus.FAILED,
        Optional.of(Duration.ofMillis(340)),
        Optional.of(message),
        Optional.of("java.lang.AssertionError: " + message + "\n\tat " + suite + "(Test.java:42)"),
        false);
  }

  @Override
  public String name() {
    return "testing";
  }

  @Override
  public ReportSummary read(InputStream input, ReportListener listener) {
    try {
      input.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long failed = 0;
    long errored = 0;
    long skipped = 0;
    long flaky = 0;
    for (int i = 0; i < cases.size(); i++) {
      if (i == failAfter) {
        throw SlipwayException.invalid(
            "body", "line 3, column 7: unexpected end of element 'testcase'");
      }
      TestCaseResult testCase = cases.get(i);
      listener.testCase(testCase);
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
    return new ReportSummary(
        cases.size(),
        failed,
        errored,
        skipped,
        flaky,
        Optional.of(Duration.ofMinutes(2)),
        Optional.empty());
  }
}
