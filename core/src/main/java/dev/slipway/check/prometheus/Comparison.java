package dev.slipway.check.prometheus;

import dev.slipway.error.SlipwayException;
import java.util.Arrays;
import java.util.List;

/** How a series' value is compared with the threshold; the value must make it true. */
public enum Comparison {
  /** Below the threshold. */
  LESS("<"),
  /** At most the threshold. */
  LESS_OR_EQUAL("<="),
  /** Above the threshold. */
  GREATER(">"),
  /** At least the threshold. */
  GREATER_OR_EQUAL(">="),
  /** Exactly the threshold. */
  EQUAL("==");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether a value meets the threshold; NaN never does. */
  public boolean holds(double value, double threshold) {
    return switch (this) {
      case LESS -> value < threshold;
      case LESS_OR_EQUAL -> value <= threshold;
      case GREATER -> value > threshold;
      case GREATER_OR_EQUAL -> value >= threshold;
      case EQUAL -> value == threshold;
    };
  }

  /**
   * How far a value is from meeting the threshold, larger being worse; used to name the worst
   * series. NaN is the worst of all.
   */
  double badness(double value, double threshold) {
    if (Double.isNaN(value)) {
      return Double.POSITIVE_INFINITY;
    }
    return switch (this) {
      case LESS, LESS_OR_EQUAL -> value - threshold;
      case GREATER, GREATER_OR_EQUAL -> threshold - value;
      case EQUAL -> Math.abs(value - threshold);
    };
  }

  public static Comparison of(String symbol) {
    for (Comparison comparison : values()) {
      if (comparison.symbol.equals(symbol.trim())) {
        return comparison;
      }
    }
    throw SlipwayException.invalid(
        "comparison", "comparison must be one of %s, not '%s'", symbols(), symbol);
  }

  public static List<String> symbols() {
    return Arrays.stream(values()).map(Comparison::symbol).toList();
  }
}
