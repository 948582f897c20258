package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One limit a load test must keep, such as {@code p95 < 500ms} or {@code failureRatio < 1% for GET
 * /api/orders}. Read with {@link LoadThresholds#parse}.
 *
 * @param text the threshold as it was written, for messages
 * @param measure what is compared
 * @param percentile the percentile, for {@link Measure#PERCENTILE} (95 for {@code p95})
 * @param comparison how the value must compare with the limit
 * @param limit the limit, in milliseconds for times, from 0 to 1 for the failure ratio
 * @param scope which rows of the statistics it applies to
 * @param endpoint the endpoint, for {@link Scope#ENDPOINT}: its name, or its type and name ({@code
 *     GET /api/orders})
 */
public record LoadThreshold(
    String text,
    Measure measure,
    double percentile,
    Comparison comparison,
    double limit,
    Scope scope,
    Optional<String> endpoint) {
  public LoadThreshold {
    requireNonNull(text, "text is null");
    requireNonNull(measure, "measure is null");
    requireNonNull(comparison, "comparison is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(endpoint, "endpoint is null");
    if (endpoint.isPresent() != (scope == Scope.ENDPOINT)) {
      throw new IllegalArgumentException("an endpoint is named exactly when the scope is ENDPOINT");
    }
    if (measure == Measure.PERCENTILE && !(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("a percentile is above 0 and at most 100");
    }
  }

  /** What a threshold compares. */
  public enum Measure {
    /** The response time at a percentile, in milliseconds. */
    PERCENTILE,
    /** The mean response time, in milliseconds. */
    AVERAGE,
    /** The share of requests that failed, from 0 to 1. */
    FAILURE_RATIO,
    /** How many requests failed. */
    FAILURES,
    /** How many requests were made. */
    REQUESTS
  }

  /** How a value must compare with the limit. */
  public enum Comparison {
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean holds(double value, double limit) {
      return switch (this) {
        case LESS -> value < limit;
        case LESS_OR_EQUAL -> value <= limit;
        case GREATER -> value > limit;
        case GREATER_OR_EQUAL -> value >= limit;
      };
    }
  }

  /** Which rows of a load test's statistics a threshold applies to. */
  public enum Scope {
    /** The {@code Aggregated} row: the whole run. The default. */
    AGGREGATED,
    /** Every endpoint, each on its own ({@code for each endpoint}). */
    EACH_ENDPOINT,
    /** One named endpoint ({@code for GET /api/orders}). */
    ENDPOINT
  }

  /** The value this threshold compares, from one row; empty when the row did not measure it. */
  Optional<Double> valueOf(EndpointStats stats) {
    return switch (measure) {
      case PERCENTILE -> Optional.ofNullable(stats.percentilesMillis().get(percentile));
      case AVERAGE -> stats.requests() == 0 ? Optional.empty() : Optional.of(stats.averageMillis());
      case FAILURE_RATIO -> Optional.of(stats.failureRatio());
      case FAILURES -> Optional.of((double) stats.failures());
      case REQUESTS -> Optional.of((double) stats.requests());
    };
  }

  /** True when the row's value keeps the limit. */
  boolean holds(double value) {
    return comparison.holds(value, limit);
  }
}
