package dev.slipway.evidence.report;

/**
 * Receives a report's content as it is read. A report is read once, front to back; the listener
 * decides what to keep.
 */
public interface ReportListener {
  void testCase(TestCaseResult testCase);

  /** One endpoint of a load test's statistics. */
  default void endpoint(EndpointStats endpoint) {}

  /** One line of the log of a run that only printed (the exit-code format). */
  default void logLine(String line) {}
}
