package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.CaseStatus;
import dev.slipway.evidence.report.ReportFormat;
import dev.slipway.evidence.report.ReportListener;
import dev.slipway.evidence.report.ReportSummary;
import dev.slipway.evidence.report.TestCaseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A report format for the server's tests, named {@code lines}, so uploads can go through HTTP and
 * the command line without depending on a real parser: one case per line, {@code <status> <ms>
 * <name>} with an optional {@code | <message>}, where status is passed, failed, errored or skipped.
 * Any other line is malformed and refused with its line and column, as real parsers do.
 */
public final class TestingLinesFormat implements ReportFormat {
  @Override
  public String name() {
    return "lines";
  }

  @Override
  public ReportSummary read(InputStream input, ReportListener listener) {
    long tests = 0;
    long failed = 0;
    long errored = 0;
    long skipped = 0;
    long totalMillis = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split(" ", 3);
        CaseStatus status;
        try {
          status = CaseStatus.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw SlipwayException.invalid(
              "body", "line %d, column 1: '%s' is not a case status", number, parts[0]);
        }
        if (parts.length < 3 || !parts[1].matches("\\d+")) {
          throw SlipwayException.invalid(
              "body",
              "line %d, column %d: expected '<status> <ms> <name>'",
              number,
              parts[0].length() + 2);
        }
        long millis = Long.parseLong(parts[1]);
        int bar = parts[2].indexOf(" | ");
        String name = bar < 0 ? parts[2] : parts[2].substring(0, bar);
        Optional<String> message =
            bar < 0 ? Optional.empty() : Optional.of(parts[2].substring(bar + 3));
        listener.testCase(
            new TestCaseResult(
                "lines",
                "",
                name,
                status,
                Optional.of(Duration.ofMillis(millis)),
                message,
                message.map(text -> "at " + name + "\n  " + text),
                false));
        tests++;
        totalMillis += millis;
        switch (status) {
          case PASSED -> {}
          case FAILED -> failed++;
          case ERRORED -> errored++;
          case SKIPPED -> skipped++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ReportSummary(
        tests,
        failed,
        errored,
        skipped,
        0,
        Optional.of(Duration.ofMillis(totalMillis)),
        Optional.empty());
  }
}
