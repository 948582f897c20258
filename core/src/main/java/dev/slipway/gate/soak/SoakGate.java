package dev.slipway.gate.soak;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.config.Durations;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Soak time: every build must have run verified in the upstream environment for a while before it
 * moves on, so problems that take time to show are seen there first.
 */
final class SoakGate implements Gate {
  private final EnvironmentName upstream;
  private final Duration duration;
  private final VerifiedBuilds verified;

  SoakGate(EnvironmentName upstream, Duration duration, VerifiedBuilds verified) {
    this.upstream = requireNonNull(upstream, "upstream is null");
    this.duration = requireNonNull(duration, "duration is null");
    this.verified = requireNonNull(verified, "verified is null");
  }

  @Override
  public String description() {
    return "soak " + Durations.format(duration) + " in " + upstream;
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    List<String> never = new ArrayList<>();
    Instant soaked = Instant.MIN;
    String last = "";
    for (Build build : request.builds()) {
      Optional<Instant> at = verified.firstVerifiedAt(upstream, build);
      if (at.isEmpty()) {
        never.add(build.shortName());
        continue;
      }
      Instant done = at.get().plus(duration);
      if (done.isAfter(soaked)) {
        soaked = done;
        last = build.shortName();
      }
    }
    if (!never.isEmpty()) {
      return GateDecision.block(
          String.join(", ", never) + " never verified in " + upstream + "; promote it there first");
    }
    if (request.now().isBefore(soaked)) {
      return GateDecision.waitUntil(
          soaked,
          last
              + " soaks in "
              + upstream
              + " until "
              + soaked
              + " ("
              + Durations.format(
                  Duration.between(request.now(), soaked).truncatedTo(ChronoUnit.SECONDS))
              + " to go)");
    }
    return GateDecision.pass(
        "every build ran verified in " + upstream + " for " + Durations.format(duration));
  }
}
