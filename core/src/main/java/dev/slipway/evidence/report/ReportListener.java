package dev.slipway.evidence.report;

/**
 * Receives a report's content as it is read. A report is read once, front to back; the listener
 * decides what to keep.
 */
public interface ReportListener {
  void testCase(TestCaseResult testCase);

  /** One endpoint of a load test's statistics. */
  default void endpoint(EndpointStats endpoint) {}

  /**
   * Output a whole suite printed, which some tools (Gradle, jest-junit) report once per suite
   * rather than per case: the end of it when long, after a note saying how much was dropped.
   *
   * @param suite the suite, named as in {@link TestCaseResult#suite()}
   * @param stream {@code system-out} or {@code system-err}
   */
  default void suiteOutput(String suite, String stream, String text) {}

  /** One line of the log of a run that only printed (the exit-code format). */
  default void logLine(String line) {}
}
