package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One line of a promotion's step log. */
public record PromotionStep(Instant at, StepSeverity severity, String message) {
  public PromotionStep {
    requireNonNull(at, "at is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(message, "message is null");
  }
}
