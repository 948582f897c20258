package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionPhase.CANCELLED;
import static dev.slipway.promotion.PromotionPhase.DEPLOYING;
import static dev.slipway.promotion.PromotionPhase.ERRORED;
import static dev.slipway.promotion.PromotionPhase.FAILED;
import static dev.slipway.promotion.PromotionPhase.PENDING;
import static dev.slipway.promotion.PromotionPhase.ROLLING_BACK;
import static dev.slipway.promotion.PromotionPhase.ROLLING_OUT;
import static dev.slipway.promotion.PromotionPhase.SUCCEEDED;
import static dev.slipway.promotion.PromotionPhase.VERIFYING;
import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The only way a promotion changes phase. Each method is one transition; it refuses a promotion
 * that is not in a phase the transition starts from, writes the new phase only if nobody moved the
 * promotion meanwhile, and records the change in the step log and the audit record, all in the
 * caller's transaction. Ending a promotion frees its environment.
 */
public final class PromotionStateMachine {
  /** The transitions, each with the phases it may start from and the phase it leads to. */
  enum Transition {
    START_DEPLOYING(DEPLOYING),
    MARK_DEPLOYED(ROLLING_OUT),
    MARK_ROLLED_OUT(VERIFYING),
    MARK_VERIFIED(SUCCEEDED),
    START_ROLLING_BACK(ROLLING_BACK),
    MARK_ROLLED_BACK(FAILED),
    MARK_ERRORED(ERRORED),
    CANCEL(CANCELLED);

    private final PromotionPhase to;

    Transition(PromotionPhase to) {
      this.to = to;
    }

    /** The phases this transition may start from. */
    Set<PromotionPhase> from() {
      return switch (this) {
        case START_DEPLOYING, CANCEL -> EnumSet.of(PENDING);
        case MARK_DEPLOYED -> EnumSet.of(DEPLOYING);
        case MARK_ROLLED_OUT -> EnumSet.of(ROLLING_OUT);
        case MARK_VERIFIED -> EnumSet.of(VERIFYING);
        case START_ROLLING_BACK -> EnumSet.of(ROLLING_OUT, VERIFYING);
        case MARK_ROLLED_BACK -> EnumSet.of(ROLLING_BACK);
        case MARK_ERRORED -> EnumSet.of(DEPLOYING, ROLLING_OUT, VERIFYING, ROLLING_BACK);
      };
    }

    boolean allows(Promotion promotion) {
      if (this == START_ROLLING_BACK && promotion.kind() == PromotionKind.ROLLBACK) {
        return false;
      }
      return from().contains(promotion.phase());
    }

    PromotionPhase to() {
      return to;
    }
  }

  private final PromotionRepository promotions;
  private final EnvironmentRepository environments;
  private final AuditLog audit;
  private final Clock clock;

  public PromotionStateMachine(
      PromotionRepository promotions,
      EnvironmentRepository environments,
      AuditLog audit,
      Clock clock) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The environment is free and this promotion now holds it: writing to the targets begins. */
  public void startDeploying(Handle handle, Promotion promotion) {
    move(
        handle,
        promotion,
        Transition.START_DEPLOYING,
        Actor.SLIPWAY,
        "Started: deploying " + promotion.describeBuilds() + " to " + promotion.environment(),
        Optional.empty(),
        Map.of("requestedBy", promotion.requestedBy().toString()));
  }

  /** Every target holds the new version. */
  public void markDeployed(Handle handle, Promotion promotion, Optional<String> reference) {
    move(
        handle,
        promotion,
        Transition.MARK_DEPLOYED,
        Actor.SLIPWAY,
        reference
            .map(ref -> "Deployed in " + ref + "; waiting for the new versions to be reported")
            .orElse("Deployed; waiting for the new versions to be reported"),
        Optional.empty(),
        reference.<Map<String, Object>>map(ref -> Map.of("reference", ref)).orElse(Map.of()));
  }

  /** The checks report the new versions: the bake time starts. */
  public void markRolledOut(Handle handle, Promotion promotion) {
    move(
        handle,
        promotion,
        Transition.MARK_ROLLED_OUT,
        Actor.SLIPWAY,
        "Rolled out: the checks report the expected versions; verifying",
        Optional.empty(),
        Map.of());
  }

  /** The checks kept passing through the bake time. */
  public void markVerified(Handle handle, Promotion promotion) {
    String outcome =
        promotion.kind() == PromotionKind.ROLLBACK
            ? "Rolled back: " + promotion.describeBuilds() + " running and healthy again"
            : "Succeeded: "
                + promotion.describeBuilds()
                + " verified in "
                + promotion.environment();
    move(
        handle,
        promotion,
        Transition.MARK_VERIFIED,
        Actor.SLIPWAY,
        outcome,
        Optional.of(outcome),
        Map.of());
  }

  /** Verification failed: the previous versions are to be restored. */
  public void startRollingBack(Handle handle, Promotion promotion, String reason) {
    move(
        handle,
        promotion,
        Transition.START_ROLLING_BACK,
        Actor.SLIPWAY,
        "Rolling back: " + reason,
        Optional.of(reason),
        Map.of("reason", reason));
  }

  /** The previous versions are back and reported: the promotion failed safely. */
  public void markRolledBack(Handle handle, Promotion promotion) {
    String outcome =
        promotion.outcome().orElse("verification failed")
            + "; the previous versions were restored"
            + promotion.revertReference().map(ref -> " in " + ref).orElse("");
    move(
        handle,
        promotion,
        Transition.MARK_ROLLED_BACK,
        Actor.SLIPWAY,
        "Failed: " + outcome,
        Optional.of(outcome),
        promotion
            .revertReference()
            .<Map<String, Object>>map(ref -> Map.of("revert", ref))
            .orElse(Map.of()));
  }

  /** Something broke on Slipway's side, or a restore could not be confirmed. */
  public void markErrored(Handle handle, Promotion promotion, String reason) {
    move(
        handle,
        promotion,
        Transition.MARK_ERRORED,
        Actor.SLIPWAY,
        "Errored: " + reason,
        Optional.of(reason),
        Map.of("reason", reason));
  }

  /** Withdrawn before it started. */
  public void cancel(Handle handle, Promotion promotion, Actor actor, String reason) {
    move(
        handle,
        promotion,
        Transition.CANCEL,
        actor,
        "Cancelled by " + actor + ": " + reason,
        Optional.of(reason),
        Map.of("reason", reason));
  }

  private void move(
      Handle handle,
      Promotion promotion,
      Transition transition,
      Actor actor,
      String step,
      Optional<String> outcome,
      Map<String, ?> details) {
    if (!transition.allows(promotion)) {
      throw SlipwayException.conflict(
          "promotion %d is %s; it cannot go to %s",
          promotion.id(),
          promotion.phase().name().toLowerCase(java.util.Locale.ROOT),
          transition.to().name().toLowerCase(java.util.Locale.ROOT));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    PromotionPhase to = transition.to();
    if (!promotions.changePhase(handle, promotion.id(), promotion.phase(), to, now, outcome)) {
      throw SlipwayException.conflict(
          "promotion %d changed while moving it to %s; try again",
          promotion.id(), to.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (to.isTerminal()) {
      environments.release(handle, promotion.environment(), promotion.id());
    }
    StepSeverity severity =
        switch (to) {
          case FAILED, ERRORED -> StepSeverity.ERROR;
          case PENDING, DEPLOYING, ROLLING_OUT, VERIFYING, SUCCEEDED, CANCELLED ->
              StepSeverity.INFO;
          case ROLLING_BACK -> StepSeverity.WARNING;
        };
    promotions.appendStep(handle, promotion.id(), now, severity, step);
    Map<String, Object> auditDetails = new LinkedHashMap<>(details);
    auditDetails.put("environment", promotion.environment().value());
    auditDetails.put("from", promotion.phase().name());
    auditDetails.put("to", to.name());
    audit.append(
        handle,
        actor,
        "promotion." + to.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        promotion.subject(),
        auditDetails);
  }
}
