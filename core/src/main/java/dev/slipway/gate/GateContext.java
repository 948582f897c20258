package dev.slipway.gate;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import java.time.Clock;

/**
 * What a gate may use besides its own settings.
 *
 * @param config the whole configuration
 * @param environment the environment the gate belongs to
 * @param clock the time
 */
public record GateContext(SlipwayConfig config, EnvironmentName environment, Clock clock) {
  public GateContext {
    requireNonNull(config, "config is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(clock, "clock is null");
  }
}
