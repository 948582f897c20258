package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How test evidence is kept ({@code evidence:} in the configuration).
 *
 * @param retention how long raw reports are kept after their upload; the summaries and cases of
 *     runs are kept for good
 */
public record EvidenceConfig(Duration retention) {
  /** Ninety days outlasts a release cycle and the CI artifacts that the seed team loses today. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  public EvidenceConfig {
    requireNonNull(retention, "retention is null");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, not " + retention);
    }
  }

  public static EvidenceConfig defaults() {
    return new EvidenceConfig(DEFAULT_RETENTION);
  }
}
