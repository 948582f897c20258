package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * One test case as a report states it.
 *
 * @param suite the suite (JUnit {@code testsuite} name, mochawesome file or describe block)
 * @param className the class or file the case belongs to; empty string when the report has none
 * @param name the case's name
 * @param status how it ended (for a case rerun within the run, how its last run ended)
 * @param duration how long it took, when the report says
 * @param message the failure, error or skip message, when there is one
 * @param details the stack trace or output that came with the failure, truncated when long
 * @param flaky true when the case failed and then passed on a rerun within the same run (Surefire's
 *     {@code flakyFailure} / {@code flakyError})
 * @param systemOut what the case printed to standard output, when the report kept it: the end of it
 *     when long, after a note saying how much was dropped
 * @param systemErr what the case printed to standard error, kept the same way
 */
public record TestCaseResult(
    String suite,
    String className,
    String name,
    CaseStatus status,
    Optional<Duration> duration,
    Optional<String> message,
    Optional<String> details,
    boolean flaky,
    Optional<String> systemOut,
    Optional<String> systemErr) {
  public TestCaseResult {
    requireNonNull(suite, "suite is null");
    requireNonNull(className, "className is null");
    requireNonNull(name, "name is null");
    requireNonNull(status, "status is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(message, "message is null");
    requireNonNull(details, "details is null");
    requireNonNull(systemOut, "systemOut is null");
    requireNonNull(systemErr, "systemErr is null");
  }

  /** A case whose report kept none of its output. */
  public TestCaseResult(
      String suite,
      String className,
      String name,
      CaseStatus status,
      Optional<Duration> duration,
      Optional<String> message,
      Optional<String> details,
      boolean flaky) {
    this(
        suite,
        className,
        name,
        status,
        duration,
        message,
        details,
        flaky,
        Optional.empty(),
        Optional.empty());
  }
}
