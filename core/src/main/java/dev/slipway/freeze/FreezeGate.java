package dev.slipway.freeze;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.gate.GateVerdict;
import dev.slipway.gate.RollbackRule;
import dev.slipway.gate.window.WeeklySchedule;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Freezes: while one holds, no promotion starts in the environment, unless someone holding the
 * override role let that promotion through with a reason. A freeze is planned (a period), weekly
 * (such as every weekend), or declared at run time (an incident) and in force until lifted.
 * Rollbacks are never held; during a freeze they need a reason.
 */
public final class FreezeGate implements Gate, RollbackRule {
  /** A one-off planned freeze. */
  record Period(Instant from, Instant to, String reason) {
    Period {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /** A freeze that comes back every week. */
  record Weekly(WeeklySchedule schedule, String reason) {
    Weekly {
      requireNonNull(schedule, "schedule is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /** A freeze holding now, and when it ends if it has a planned end. */
  private record Holding(String describe, Optional<Instant> until) {}

  private final EnvironmentName environment;
  private final List<Period> periods;
  private final List<Weekly> weekly;
  private final Optional<String> overrideRole;
  private final FreezeRepository freezes;

  FreezeGate(
      EnvironmentName environment,
      List<Period> periods,
      List<Weekly> weekly,
      Optional<String> overrideRole,
      FreezeRepository freezes) {
    this.environment = requireNonNull(environment, "environment is null");
    this.periods = List.copyOf(requireNonNull(periods, "periods is null"));
    this.weekly = List.copyOf(requireNonNull(weekly, "weekly is null"));
    this.overrideRole = requireNonNull(overrideRole, "overrideRole is null");
    this.freezes = requireNonNull(freezes, "freezes is null");
  }

  /** The role whose holders may let a promotion through; empty when nobody may. */
  public Optional<String> overrideRole() {
    return overrideRole;
  }

  @Override
  public String description() {
    List<String> kinds = new ArrayList<>();
    if (!periods.isEmpty()) {
      kinds.add(periods.size() + (periods.size() == 1 ? " planned period" : " planned periods"));
    }
    if (!weekly.isEmpty()) {
      kinds.add("weekly");
    }
    kinds.add("declared");
    return "freeze of " + environment + " (" + String.join(", ", kinds) + ")";
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    List<Holding> holding = holding(request.now());
    if (holding.isEmpty()) {
      return GateDecision.pass("no freeze in " + environment);
    }
    String frozen = describe(holding);
    Optional<FreezeOverride> override = request.promotion().flatMap(freezes::findOverride);
    if (override.isPresent()) {
      return GateDecision.pass(
          frozen
              + "; overridden by "
              + override.get().overriddenBy()
              + ": "
              + override.get().reason());
    }
    Optional<Instant> ends =
        holding.stream().map(Holding::until).flatMap(Optional::stream).min(Instant::compareTo);
    String reason =
        frozen
            + overrideRole
                .map(role -> "; a holder of role '" + role + "' may override it with a reason")
                .orElse("");
    return ends.isPresent()
        ? new GateDecision(GateVerdict.BLOCK, reason, ends, Optional.empty())
        : GateDecision.block(reason);
  }

  @Override
  public Optional<String> checkRollback(Actor actor, Optional<String> reason, Instant now) {
    List<Holding> holding = holding(now);
    if (holding.isEmpty()) {
      return Optional.empty();
    }
    if (reason.isEmpty() || reason.get().isBlank()) {
      throw SlipwayException.conflict(
          "%s; a rollback during a freeze needs a reason: give one with --reason",
          describe(holding));
    }
    return Optional.of("Rollback during a freeze (" + describe(holding) + ")");
  }

  /** True when a freeze holds now. */
  public boolean frozenAt(Instant now) {
    return !holding(now).isEmpty();
  }

  private List<Holding> holding(Instant now) {
    List<Holding> result = new ArrayList<>();
    for (Freeze freeze : freezes.listInForce(environment)) {
      if (!freeze.declaredAt().isAfter(now)) {
        result.add(
            new Holding(
                "declared by "
                    + freeze.declaredBy()
                    + " at "
                    + freeze.declaredAt()
                    + ": "
                    + freeze.reason(),
                Optional.empty()));
      }
    }
    for (Period period : periods) {
      if (!now.isBefore(period.from()) && now.isBefore(period.to())) {
        result.add(
            new Holding(period.reason() + " until " + period.to(), Optional.of(period.to())));
      }
    }
    for (Weekly entry : weekly) {
      entry
          .schedule()
          .containing(now, occurrence -> true)
          .ifPresent(
              occurrence ->
                  result.add(
                      new Holding(
                          entry.reason()
                              + " until "
                              + entry.schedule().describe(occurrence.end())
                              + " "
                              + entry.schedule().zone(),
                          Optional.of(occurrence.end()))));
    }
    return result;
  }

  private String describe(List<Holding> holding) {
    return environment
        + " is frozen: "
        + String.join("; ", holding.stream().map(Holding::describe).toList());
  }
}
