package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A load test that broke one of its thresholds.
 *
 * @param threshold the threshold it broke
 * @param endpoint the endpoint that broke it, as {@code TYPE name} ({@code Aggregated} for the
 *     whole run)
 * @param value the value measured, in the threshold's unit; empty when nothing was measured (the
 *     endpoint is missing from the report, or had no requests)
 * @param reason what happened, in words: {@code "p95 of GET /api/orders was 812 ms; the threshold
 *     is 'p95 < 500ms'"}
 */
public record ThresholdBreach(
    LoadThreshold threshold, String endpoint, Optional<Double> value, String reason) {
  public ThresholdBreach {
    requireNonNull(threshold, "threshold is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(value, "value is null");
    requireNonNull(reason, "reason is null");
  }
}
