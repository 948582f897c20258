package dev.slipway.evidence.report;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import java.io.IOException;

/** The errors formats raise, so that every malformed report is refused in the same words. */
final class ReportErrors {
  /** The input field a refused report is blamed on, in the API and the CLI. */
  static final String FIELD = "report";

  private ReportErrors() {}

  @FormatMethod
  static SlipwayException malformed(
      String format, long line, long column, @FormatString String reason, Object... args) {
    return SlipwayException.invalid(
        FIELD,
        "%s report is malformed at line %d, column %d: %s",
        format,
        line,
        column,
        String.format(reason, args));
  }

  @FormatMethod
  static SlipwayException malformedLine(
      String format, long line, @FormatString String reason, Object... args) {
    return SlipwayException.invalid(
        FIELD, "%s report is malformed at line %d: %s", format, line, String.format(reason, args));
  }

  @FormatMethod
  static SlipwayException malformedField(
      String format, long line, String column, @FormatString String reason, Object... args) {
    return SlipwayException.invalid(
        FIELD,
        "%s report is malformed at line %d, column '%s': %s",
        format,
        line,
        column,
        String.format(reason, args));
  }

  @FormatMethod
  static SlipwayException invalid(String format, @FormatString String reason, Object... args) {
    return SlipwayException.invalid(
        FIELD, "%s report is not valid: %s", format, String.format(reason, args));
  }

  /** Reading the stream failed: the input went away, which says nothing about the report. */
  static SlipwayException unreadable(String format, IOException cause) {
    return new SlipwayException(
        ErrorCategory.INTERNAL,
        "reading the " + format + " report failed: " + cause.getMessage(),
        null,
        false,
        cause);
  }
}
