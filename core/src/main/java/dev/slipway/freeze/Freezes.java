package dev.slipway.freeze;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionEngine;
import dev.slipway.promotion.PromotionKind;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.StepSeverity;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Freezes declared and lifted at run time, and overrides that let one promotion through the freezes
 * of its environment. Each change is audited in the transaction that makes it, and the engine is
 * told once it is committed, so a promotion held by a lifted freeze starts at once.
 */
public final class Freezes {
  private final FreezeRepository freezes;
  private final PromotionEngine engine;
  private final SlipwayConfig config;
  private final AuditLog audit;
  private final Clock clock;

  public Freezes(
      FreezeRepository freezes,
      PromotionEngine engine,
      SlipwayConfig config,
      AuditLog audit,
      Clock clock) {
    this.freezes = requireNonNull(freezes, "freezes is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.config = requireNonNull(config, "config is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public FreezeRepository repository() {
    return freezes;
  }

  /**
   * Freezes an environment until lifted. Its freeze gates block every promotion meanwhile; an
   * environment without a freeze gate cannot be frozen, which is refused rather than ignored.
   */
  public Freeze declare(EnvironmentName environment, Actor actor, String reason) {
    config.getEnvironment(environment);
    requireReason(reason, "declare a freeze");
    if (freezeGates(environment).isEmpty()) {
      throw SlipwayException.conflict(
          "environment '%s' has no freeze gate, so a freeze would hold nothing there; add"
              + " '- type: freeze' to its gates",
          environment);
    }
    Instant now = now();
    long id =
        freezes
            .jdbi()
            .inTransaction(
                handle -> {
                  List<Freeze> inForce = freezes.listInForce(handle, environment);
                  if (!inForce.isEmpty()) {
                    Freeze current = inForce.get(0);
                    throw SlipwayException.conflict(
                        "%s is already frozen since %s by %s: %s",
                        environment, current.declaredAt(), current.declaredBy(), current.reason());
                  }
                  long freeze = freezes.insert(handle, environment, reason.strip(), actor, now);
                  audit.append(
                      handle,
                      actor,
                      "freeze.declared",
                      "freeze:" + freeze,
                      Map.of("environment", environment.value(), "reason", reason.strip()));
                  return freeze;
                });
    engine.gatesChanged(environment);
    return freezes.findFreeze(id).orElseThrow();
  }

  /** Lifts the freeze declared in an environment; held promotions there are asked about again. */
  public Freeze lift(EnvironmentName environment, Actor actor, Optional<String> reason) {
    config.getEnvironment(environment);
    Instant now = now();
    Optional<String> why = reason.map(String::strip).filter(text -> !text.isEmpty());
    long id =
        freezes
            .jdbi()
            .inTransaction(
                handle -> {
                  List<Freeze> inForce = freezes.listInForce(handle, environment);
                  if (inForce.isEmpty()) {
                    throw SlipwayException.conflict(
                        "no freeze is declared in %s; planned and weekly freezes end on their own",
                        environment);
                  }
                  Freeze freeze = inForce.get(0);
                  if (!freezes.lift(handle, freeze.id(), actor, why, now)) {
                    throw SlipwayException.conflict(
                        "freeze %d was lifted meanwhile; try again", freeze.id());
                  }
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("environment", environment.value());
                  details.put("declaredReason", freeze.reason());
                  why.ifPresent(text -> details.put("reason", text));
                  audit.append(handle, actor, "freeze.lifted", "freeze:" + freeze.id(), details);
                  return freeze.id();
                });
    engine.gatesChanged(environment);
    return freezes.findFreeze(id).orElseThrow();
  }

  /**
   * Refuses, before anything is stored, an override the actor may not give: without a reason, or
   * without the override role of every freeze gate of the environment.
   */
  public void checkOverride(EnvironmentName environment, Actor actor, Optional<String> reason) {
    config.getEnvironment(environment);
    if (reason.isEmpty() || reason.get().isBlank()) {
      throw SlipwayException.invalid("reason", "overriding a freeze needs a reason");
    }
    List<FreezeGate> gates = freezeGates(environment);
    if (gates.isEmpty()) {
      throw SlipwayException.conflict(
          "environment '%s' has no freeze gate; there is no freeze to override", environment);
    }
    for (FreezeGate gate : gates) {
      String role =
          gate.overrideRole()
              .orElseThrow(
                  () ->
                      SlipwayException.forbidden(
                          "nobody may override the freezes of %s: its freeze gate names no"
                              + " overrideRole",
                          environment));
      config.roles().require(actor, role, "overriding the freezes of " + environment);
    }
  }

  /** Lets a pending promotion start through the freezes of its environment. */
  public FreezeOverride override(long promotionId, Actor actor, Optional<String> reason) {
    Promotion promotion = engine.promotions().getPromotion(promotionId);
    checkOverride(promotion.environment(), actor, reason);
    if (promotion.phase() != PromotionPhase.PENDING || promotion.kind() != PromotionKind.DEPLOY) {
      throw SlipwayException.conflict(
          "promotion %d is %s; only a pending promotion can be let through a freeze",
          promotionId, promotion.phase().name().toLowerCase(Locale.ROOT));
    }
    FreezeOverride override =
        new FreezeOverride(promotionId, actor, reason.orElseThrow().strip(), now());
    freezes
        .jdbi()
        .useTransaction(
            handle -> {
              if (!freezes.insertOverride(handle, override)) {
                throw SlipwayException.conflict(
                    "promotion %d already overrides the freezes of %s",
                    promotionId, promotion.environment());
              }
              audit.append(
                  handle,
                  actor,
                  "freeze.overridden",
                  promotion.subject(),
                  Map.of(
                      "environment",
                      promotion.environment().value(),
                      "reason",
                      override.reason(),
                      "frozen",
                      frozenNow(promotion.environment())));
              engine
                  .promotions()
                  .appendStep(
                      handle,
                      promotionId,
                      override.at(),
                      StepSeverity.WARNING,
                      "Freeze overridden by " + actor + ": " + override.reason());
            });
    engine.gatesChanged(promotion.environment());
    return override;
  }

  private boolean frozenNow(EnvironmentName environment) {
    Instant now = clock.instant();
    return freezeGates(environment).stream().anyMatch(gate -> gate.frozenAt(now));
  }

  private List<FreezeGate> freezeGates(EnvironmentName environment) {
    return engine.gatesOf(environment).stream()
        .filter(FreezeGate.class::isInstance)
        .map(FreezeGate.class::cast)
        .toList();
  }

  private static void requireReason(String reason, String what) {
    if (reason == null || reason.isBlank()) {
      throw SlipwayException.invalid("reason", "%s needs a reason", what);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
