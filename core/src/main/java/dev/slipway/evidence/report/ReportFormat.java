package dev.slipway.evidence.report;

import java.io.InputStream;

/** One format of test report, such as {@code junit}. */
public interface ReportFormat {
  /** The name users give with {@code --format}: {@code junit}, {@code mochawesome}... */
  String name();

  /**
   * Reads a whole report, handing each case to the listener as it goes, and returns the counts.
   *
   * @throws dev.slipway.error.SlipwayException an invalid-input error naming the line and column
   *     (or the CSV line) when the report is malformed or hostile; the listener may have received
   *     part of the report, so whoever stores it must store nothing of a report that fails
   */
  ReportSummary read(InputStream input, ReportListener listener);
}
