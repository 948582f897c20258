package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a load test's statistics (a Locust {@code *_stats.csv} line): one endpoint, or the
 * {@code Aggregated} total.
 *
 * @param method the request type, such as {@code GET}; empty for the aggregated row
 * @param name the endpoint name, or {@code Aggregated}
 * @param requests how many requests were made
 * @param failures how many of them failed
 * @param averageMillis the mean response time
 * @param percentilesMillis response time by percentile, keyed by the percentile (50, 95, 99.9...)
 */
public record EndpointStats(
    String method,
    String name,
    long requests,
    long failures,
    double averageMillis,
    Map<Double, Double> percentilesMillis) {
  public EndpointStats {
    requireNonNull(method, "method is null");
    requireNonNull(name, "name is null");
    percentilesMillis =
        java.util.Collections.unmodifiableMap(
            new TreeMap<>(requireNonNull(percentilesMillis, "percentilesMillis is null")));
  }

  /** The share of requests that failed, from 0 to 1; 0 when there were none. */
  public double failureRatio() {
    return requests == 0 ? 0 : (double) failures / requests;
  }
}
