package dev.slipway.approval;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionEngine;
import dev.slipway.promotion.PromotionKind;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.StepSeverity;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Approving promotions. An approval belongs to the promotion; it is audited and logged on the
 * promotion in one transaction, and the engine is told once it is committed, so a promotion whose
 * last gate it satisfies starts at once.
 */
public final class Approvals {
  private final ApprovalRepository approvals;
  private final PromotionEngine engine;
  private final AuditLog audit;
  private final Clock clock;

  public Approvals(
      ApprovalRepository approvals, PromotionEngine engine, AuditLog audit, Clock clock) {
    this.approvals = requireNonNull(approvals, "approvals is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public List<Approval> listApprovals(long promotionId) {
    engine.promotions().getPromotion(promotionId);
    return approvals.listApprovals(promotionId);
  }

  /**
   * Approves a pending promotion, as a person holding the role of one of its approving gates: an
   * approval gate, or the certification gate for a downgrade.
   */
  public Approval approve(long promotionId, Actor actor, Optional<String> reason) {
    Promotion promotion = engine.promotions().getPromotion(promotionId);
    if (promotion.phase() != PromotionPhase.PENDING || promotion.kind() != PromotionKind.DEPLOY) {
      throw SlipwayException.conflict(
          "promotion %d is %s; only a pending promotion can be approved",
          promotionId, promotion.phase().name().toLowerCase(Locale.ROOT));
    }
    List<ApprovingGate> gates =
        engine.gatesOf(promotion.environment()).stream()
            .filter(ApprovingGate.class::isInstance)
            .map(ApprovingGate.class::cast)
            .filter(gate -> gate.approvingRole().isPresent())
            .toList();
    if (gates.isEmpty()) {
      throw SlipwayException.conflict(
          "promotions to %s need no approval: the environment has no approval gate",
          promotion.environment());
    }
    if (gates.stream().noneMatch(gate -> gate.acceptsApprovalFrom(actor))) {
      throw SlipwayException.forbidden(
          "%s does not hold role %s, so cannot approve promotions to %s",
          actor,
          String.join(
              " or ",
              gates.stream().map(gate -> gate.approvingRole().orElseThrow()).distinct().toList()),
          promotion.environment());
    }
    Optional<String> why = reason.map(String::strip).filter(text -> !text.isEmpty());
    Approval approval =
        new Approval(promotionId, actor, why, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    approvals
        .jdbi()
        .useTransaction(
            handle -> {
              if (!approvals.insert(handle, approval)) {
                throw SlipwayException.conflict(
                    "%s already approved promotion %d", actor, promotionId);
              }
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("environment", promotion.environment().value());
              why.ifPresent(text -> details.put("reason", text));
              audit.append(handle, actor, "promotion.approved", promotion.subject(), details);
              engine
                  .promotions()
                  .appendStep(
                      handle,
                      promotionId,
                      approval.at(),
                      StepSeverity.INFO,
                      "Approved by " + actor + why.map(text -> ": " + text).orElse(""));
            });
    engine.gatesChanged(promotion.environment());
    return approval;
  }
}
