package dev.slipway.gate.soak;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.PluginConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import java.time.Duration;

/** The {@code soak} gate: {@code duration}, how long builds must have run verified upstream. */
public final class SoakGateType implements GateType {
  private final VerifiedBuilds verified;

  public SoakGateType(VerifiedBuilds verified) {
    this.verified = requireNonNull(verified, "verified is null");
  }

  @Override
  public String name() {
    return "soak";
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    Duration duration =
        config
            .findDuration("duration")
            .orElseThrow(() -> SlipwayException.invalid("duration", "'duration' is required"));
    if (duration.isZero() || duration.isNegative()) {
      throw SlipwayException.invalid("duration", "must be longer than zero");
    }
    EnvironmentName upstream =
        context
            .config()
            .getEnvironment(context.environment())
            .upstream()
            .orElseThrow(
                () ->
                    SlipwayException.invalid(
                        "type",
                        "a soak gate needs an upstream environment to soak in, and '%s' takes its"
                            + " builds straight from CI",
                        context.environment()));
    return new SoakGate(upstream, duration, verified);
  }
}
