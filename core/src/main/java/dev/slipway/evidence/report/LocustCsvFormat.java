package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Locust's statistics, the {@code *_stats.csv} file {@code locust --csv PREFIX} writes: one row per
 * endpoint and a last row named {@code Aggregated} for the whole run, with request and failure
 * counts, the average response time and the response time at each percentile (the columns named
 * {@code 50%} to {@code 100%}; {@code N/A} where nothing was measured).
 *
 * <p>Each row, the aggregated one included, is handed on as an {@link EndpointStats}. The summary
 * counts the endpoints as tests and none as failed: whether a load test passed is for its {@link
 * LoadThresholds} to say. The column names of Locust before 1.0 ({@code Method}, {@code #
 * requests}, {@code # failures}) are read too.
 */
public final class LocustCsvFormat implements ReportFormat {
  public static final String NAME = "locust";

  /** The name of the row Locust writes for the whole run. */
  public static final String AGGREGATED = "Aggregated";

  private static final String DESCRIPTION = "Locust CSV";
  private static final int RECORD_LIMIT = 1024 * 1024;
  private static final Pattern PERCENTILE = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
  private static final String NOT_MEASURED = "N/A";

  private static final List<String> TYPE = List.of("Type", "Method");
  private static final List<String> NAME_COLUMN = List.of("Name");
  private static final List<String> REQUESTS = List.of("Request Count", "# requests");
  private static final List<String> FAILURES = List.of("Failure Count", "# failures");
  private static final List<String> AVERAGE =
      List.of("Average Response Time", "Average response time");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReportSummary read(InputStream input, ReportListener listener) {
    requireNonNull(input, "input is null");
    requireNonNull(listener, "listener is null");
    CsvReader csv = new CsvReader(new InputStreamReader(input, UTF_8), RECORD_LIMIT);
    ReportCounts counts = new ReportCounts();
    try {
      List<String> header = csv.next();
      if (header == null) {
        throw ReportErrors.invalid(DESCRIPTION, "it is empty");
      }
      Columns columns = columns(header, csv.recordLine());
      List<String> row;
      while ((row = csv.next()) != null) {
        EndpointStats endpoint = columns.endpoint(row, csv.recordLine());
        if (!endpoint.name().equals(AGGREGATED) || !endpoint.method().isEmpty()) {
          counts.countEndpoint();
        }
        listener.endpoint(endpoint);
      }
    } catch (CsvReader.MalformedCsvException e) {
      throw ReportErrors.malformedLine(DESCRIPTION, e.line(), "%s", e.getMessage());
    } catch (IOException e) {
      throw ReportErrors.unreadable(DESCRIPTION, e);
    }
    return counts.summary(Optional.empty(), Optional.empty());
  }

  /** True when a line is the header of a Locust statistics file, for telling the format apart. */
  static boolean isHeader(String line) {
    String plain = line.replace("\"", "").strip();
    return (plain.startsWith("Type,Name,") || plain.startsWith("Method,Name,"))
        && (plain.contains(",Request Count,") || plain.contains(",# requests,"));
  }

  private static Columns columns(List<String> header, long line) {
    Map<String, Integer> byName = new HashMap<>();
    Map<Double, Integer> percentiles = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      byName.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
      var percentile = PERCENTILE.matcher(name);
      if (percentile.matches()) {
        percentiles.put(Double.parseDouble(percentile.group(1)), i);
      }
    }
    return new Columns(
        header.size(),
        require(byName, TYPE, line),
        require(byName, NAME_COLUMN, line),
        require(byName, REQUESTS, line),
        require(byName, FAILURES, line),
        require(byName, AVERAGE, line),
        percentiles,
        List.copyOf(header));
  }

  private static int require(Map<String, Integer> byName, List<String> names, long line) {
    for (String name : names) {
      Integer index = byName.get(name.toLowerCase(Locale.ROOT));
      if (index != null) {
        return index;
      }
    }
    throw ReportErrors.malformedLine(
        DESCRIPTION,
        line,
        "the header has no column '%s': this is not Locust's *_stats.csv",
        names.get(0));
  }

  private record Columns(
      int count,
      int type,
      int name,
      int requests,
      int failures,
      int average,
      Map<Double, Integer> percentiles,
      List<String> header) {
    EndpointStats endpoint(List<String> row, long line) {
      if (row.size() != count) {
        throw ReportErrors.malformedLine(
            DESCRIPTION, line, "it has %d fields where the header has %d", row.size(), count);
      }
      long requestCount = count(row, requests, line);
      long failureCount = count(row, failures, line);
      Optional<Double> mean = millis(row, average, line);
      if (mean.isEmpty() && requestCount > 0) {
        throw malformedField(line, average, "there were requests but no average");
      }
      Map<Double, Double> byPercentile = new HashMap<>();
      for (Map.Entry<Double, Integer> percentile : percentiles.entrySet()) {
        millis(row, percentile.getValue(), line)
            .ifPresent(value -> byPercentile.put(percentile.getKey(), value));
      }
      return new EndpointStats(
          row.get(type).strip(),
          row.get(name).strip(),
          requestCount,
          failureCount,
          mean.orElse(0.0),
          byPercentile);
    }

    private long count(List<String> row, int column, long line) {
      String value = row.get(column).strip();
      try {
        long count = Long.parseLong(value);
        if (count < 0) {
          throw malformedField(line, column, "'%s' is negative", value);
        }
        return count;
      } catch (NumberFormatException e) {
        throw malformedField(line, column, "'%s' is not a whole number", value);
      }
    }

    private Optional<Double> millis(List<String> row, int column, long line) {
      String value = row.get(column).strip();
      if (value.equals(NOT_MEASURED) || value.isEmpty()) {
        return Optional.empty();
      }
      try {
        double millis = Double.parseDouble(value);
        if (!Double.isFinite(millis) || millis < 0) {
          throw malformedField(line, column, "'%s' is not a time in milliseconds", value);
        }
        return Optional.of(millis);
      } catch (NumberFormatException e) {
        throw malformedField(line, column, "'%s' is not a number", value);
      }
    }

    @FormatMethod
    private SlipwayException malformedField(
        long line, int column, @FormatString String reason, Object... args) {
      return ReportErrors.malformedField(
          DESCRIPTION, line, header.get(column).strip(), "%s", String.format(reason, args));
    }
  }
}
