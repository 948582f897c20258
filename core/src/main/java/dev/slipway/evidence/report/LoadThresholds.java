package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits a load test must keep, as a suite's configuration writes them:
 *
 * <pre>
 * p95 &lt; 500ms                      the whole run (Locust's Aggregated row)
 * failureRatio &lt; 1%                 the whole run
 * p99.9 &lt;= 2s for each endpoint      every endpoint, each on its own
 * avg &lt; 200ms for GET /api/orders   one endpoint, by its type and name, or by its name alone
 * requests &gt;= 1000                  enough load was made to judge
 * </pre>
 *
 * <p>Measures: {@code pNN} (a percentile Locust reports: 50, 66, 75, 80, 90, 95, 98, 99, 99.9,
 * 99.99, 100; also {@code median}), {@code avg}, {@code failureRatio} (as a percentage or a
 * fraction), {@code failures} and {@code requests}. Times take {@code ms} or {@code s}.
 */
public final class LoadThresholds {
  private static final Pattern THRESHOLD =
      Pattern.compile(
          "\\s*(?<measure>[A-Za-z][A-Za-z0-9.]*)\\s*(?<comparison><=|>=|<|>)\\s*"
              + "(?<number>[0-9]+(?:\\.[0-9]+)?)\\s*(?<unit>[A-Za-z%]*)"
              + "(?:\\s+for\\s+(?<scope>\\S.*?))?\\s*");
  private static final Pattern PERCENTILE = Pattern.compile("p([0-9]+(?:\\.[0-9]+)?)");
  private static final String HELP =
      "write it like 'p95 < 500ms', 'failureRatio < 1%' or 'avg < 200ms for GET /api/orders'";

  private final List<LoadThreshold> thresholds;

  private LoadThresholds(List<LoadThreshold> thresholds) {
    this.thresholds = List.copyOf(thresholds);
  }

  /**
   * Reads thresholds as written in configuration.
   *
   * @param field where they were written, named in an error (such as {@code
   *     suites.load.thresholds})
   * @throws SlipwayException an invalid-input error on that field quoting the threshold it could
   *     not read
   */
  public static LoadThresholds parse(List<String> texts, String field) {
    requireNonNull(texts, "texts is null");
    requireNonNull(field, "field is null");
    List<LoadThreshold> parsed = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      parsed.add(
          parseOne(requireNonNull(texts.get(i), "a threshold is null"), field + "[" + i + "]"));
    }
    return new LoadThresholds(parsed);
  }

  /** Reads one threshold; see {@link #parse(List, String)}. */
  public static LoadThreshold parseOne(String text, String field) {
    Matcher matcher = THRESHOLD.matcher(text);
    if (!matcher.matches()) {
      throw refused(field, text, HELP);
    }
    String measureText = matcher.group("measure");
    LoadThreshold.Measure measure;
    double percentile = 0;
    Matcher percentileMatcher = PERCENTILE.matcher(measureText.toLowerCase(Locale.ROOT));
    switch (measureText.toLowerCase(Locale.ROOT)) {
      case "median" -> {
        measure = LoadThreshold.Measure.PERCENTILE;
        percentile = 50;
      }
      case "avg", "average", "mean" -> measure = LoadThreshold.Measure.AVERAGE;
      case "failureratio", "failurerate" -> measure = LoadThreshold.Measure.FAILURE_RATIO;
      case "failures" -> measure = LoadThreshold.Measure.FAILURES;
      case "requests" -> measure = LoadThreshold.Measure.REQUESTS;
      default -> {
        if (!percentileMatcher.matches()) {
          throw refused(
              field,
              text,
              "'"
                  + measureText
                  + "' is not a measure; use p50 to p100, median, avg, failureRatio, failures or"
                  + " requests");
        }
        measure = LoadThreshold.Measure.PERCENTILE;
        percentile = Double.parseDouble(percentileMatcher.group(1));
        if (!(percentile > 0 && percentile <= 100)) {
          throw refused(field, text, "a percentile is above 0 and at most 100");
        }
      }
    }
    double limit = limit(measure, new BigDecimal(matcher.group("number")), matcher.group("unit"));
    if (Double.isNaN(limit)) {
      throw refused(field, text, unitHelp(measure, matcher.group("unit")));
    }
    LoadThreshold.Scope scope = LoadThreshold.Scope.AGGREGATED;
    Optional<String> endpoint = Optional.empty();
    String scopeText = matcher.group("scope");
    if (scopeText != null) {
      switch (scopeText.toLowerCase(Locale.ROOT)) {
        case "each endpoint", "every endpoint" -> scope = LoadThreshold.Scope.EACH_ENDPOINT;
        case "aggregated", "the whole run", "all" -> scope = LoadThreshold.Scope.AGGREGATED;
        default -> {
          scope = LoadThreshold.Scope.ENDPOINT;
          endpoint = Optional.of(scopeText);
        }
      }
    }
    return new LoadThreshold(
        text.strip(),
        measure,
        percentile,
        comparison(matcher.group("comparison")),
        limit,
        scope,
        endpoint);
  }

  public List<LoadThreshold> thresholds() {
    return thresholds;
  }

  /**
   * Which thresholds the statistics of a run broke, and where; empty when it kept them all. A
   * threshold on an endpoint the report does not have, or on a measure it did not take (no
   * requests, so no percentile), is broken: a run that did not measure something has not shown it.
   */
  public List<ThresholdBreach> evaluate(List<EndpointStats> stats) {
    requireNonNull(stats, "stats is null");
    List<ThresholdBreach> breaches = new ArrayList<>();
    for (LoadThreshold threshold : thresholds) {
      List<EndpointStats> rows = rows(threshold, stats);
      if (rows.isEmpty()) {
        String missing =
            switch (threshold.scope()) {
              case AGGREGATED -> LocustCsvFormat.AGGREGATED;
              case EACH_ENDPOINT -> "any endpoint";
              case ENDPOINT -> threshold.endpoint().orElseThrow();
            };
        breaches.add(
            new ThresholdBreach(
                threshold,
                missing,
                Optional.empty(),
                String.format(
                    "the report has no row for %s; the threshold is '%s'",
                    missing, threshold.text())));
      }
      for (EndpointStats row : rows) {
        String endpoint = label(row);
        Optional<Double> value = threshold.valueOf(row);
        if (value.isEmpty()) {
          breaches.add(
              new ThresholdBreach(
                  threshold,
                  endpoint,
                  value,
                  String.format(
                      "%s measured no %s (%d requests); the threshold is '%s'",
                      endpoint, measureName(threshold), row.requests(), threshold.text())));
        } else if (!threshold.holds(value.get())) {
          breaches.add(
              new ThresholdBreach(
                  threshold,
                  endpoint,
                  value,
                  String.format(
                      "%s of %s was %s; the threshold is '%s'",
                      measureName(threshold),
                      endpoint,
                      format(threshold.measure(), value.get()),
                      threshold.text())));
        }
      }
    }
    return List.copyOf(breaches);
  }

  private static List<EndpointStats> rows(LoadThreshold threshold, List<EndpointStats> stats) {
    return stats.stream()
        .filter(
            row ->
                switch (threshold.scope()) {
                  case AGGREGATED -> aggregated(row);
                  case EACH_ENDPOINT -> !aggregated(row);
                  case ENDPOINT -> {
                    String wanted = threshold.endpoint().orElseThrow();
                    yield !aggregated(row)
                        && (row.name().equals(wanted) || label(row).equals(wanted));
                  }
                })
        .toList();
  }

  private static boolean aggregated(EndpointStats row) {
    return row.method().isEmpty() && row.name().equals(LocustCsvFormat.AGGREGATED);
  }

  private static String label(EndpointStats row) {
    return row.method().isEmpty() ? row.name() : row.method() + " " + row.name();
  }

  private static String measureName(LoadThreshold threshold) {
    return switch (threshold.measure()) {
      case PERCENTILE ->
          "p" + BigDecimal.valueOf(threshold.percentile()).stripTrailingZeros().toPlainString();
      case AVERAGE -> "the average response time";
      case FAILURE_RATIO -> "the failure ratio";
      case FAILURES -> "the failure count";
      case REQUESTS -> "the request count";
    };
  }

  private static String format(LoadThreshold.Measure measure, double value) {
    return switch (measure) {
      case PERCENTILE, AVERAGE -> plain(value) + " ms";
      case FAILURE_RATIO -> plain(value * 100) + " %";
      case FAILURES, REQUESTS -> plain(value);
    };
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value)
        .setScale(2, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** The limit in the threshold's unit, or NaN when the unit does not fit the measure. */
  private static double limit(LoadThreshold.Measure measure, BigDecimal number, String unit) {
    String lower = unit.toLowerCase(Locale.ROOT);
    return switch (measure) {
      case PERCENTILE, AVERAGE ->
          switch (lower) {
            case "ms" -> number.doubleValue();
            case "s" -> number.movePointRight(3).doubleValue();
            default -> Double.NaN;
          };
      case FAILURE_RATIO ->
          switch (lower) {
            case "%" -> number.movePointLeft(2).doubleValue();
            case "" -> number.compareTo(BigDecimal.ONE) <= 0 ? number.doubleValue() : Double.NaN;
            default -> Double.NaN;
          };
      case FAILURES, REQUESTS ->
          lower.isEmpty() && number.stripTrailingZeros().scale() <= 0
              ? number.doubleValue()
              : Double.NaN;
    };
  }

  private static String unitHelp(LoadThreshold.Measure measure, String unit) {
    String given = unit.isEmpty() ? "no unit" : "'" + unit + "'";
    return switch (measure) {
      case PERCENTILE, AVERAGE -> "a time needs a unit, ms or s, not " + given;
      case FAILURE_RATIO -> "a failure ratio is a percentage (1%) or a fraction up to 1 (0.01)";
      case FAILURES, REQUESTS -> "a count is a whole number without a unit";
    };
  }

  private static LoadThreshold.Comparison comparison(String symbol) {
    for (LoadThreshold.Comparison comparison : LoadThreshold.Comparison.values()) {
      if (comparison.symbol().equals(symbol)) {
        return comparison;
      }
    }
    throw new IllegalStateException("the pattern admits no comparison " + symbol);
  }

  private static SlipwayException refused(String field, String text, String reason) {
    return SlipwayException.invalid(field, "threshold '%s' cannot be read: %s", text, reason);
  }

  @Override
  public String toString() {
    return thresholds.stream().map(LoadThreshold::text).toList().toString();
  }
}
