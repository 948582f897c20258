package dev.slipway.target.lambda;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.Durations;
import dev.slipway.error.SlipwayException;
import java.time.Duration;

/**
 * Routes a share of an alias' traffic to the new version for a while before moving all of it.
 *
 * @param weight the percentage of invocations the new version gets during the period, 1 to 99
 * @param period how long the shifted state lasts before the alias moves to the new version
 */
public record TrafficShift(int weight, Duration period) {
  public TrafficShift {
    requireNonNull(period, "period is null");
    if (weight < 1 || weight > 99) {
      throw SlipwayException.invalid(
          "trafficShift.weight",
          "trafficShift.weight is a percentage from 1 to 99, not %d",
          weight);
    }
    if (period.isNegative() || period.isZero()) {
      throw SlipwayException.invalid(
          "trafficShift.period",
          "trafficShift.period must be longer than zero, not %s",
          Durations.format(period));
    }
  }
}
