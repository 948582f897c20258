package dev.slipway.check;

import static java.util.Objects.requireNonNull;

/** The outcome of one check run and what was seen, in words for the step log. */
public record CheckResult(CheckOutcome outcome, String detail) {
  public CheckResult {
    requireNonNull(outcome, "outcome is null");
    requireNonNull(detail, "detail is null");
  }

  public static CheckResult passed(String detail) {
    return new CheckResult(CheckOutcome.PASSED, detail);
  }

  public static CheckResult pending(String detail) {
    return new CheckResult(CheckOutcome.PENDING, detail);
  }

  public static CheckResult failed(String detail) {
    return new CheckResult(CheckOutcome.FAILED, detail);
  }
}
