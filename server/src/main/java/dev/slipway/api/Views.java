package dev.slipway.api;

import dev.slipway.approval.Approval;
import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditVerification;
import dev.slipway.build.Build;
import dev.slipway.environment.Rejection;
import dev.slipway.freeze.Freeze;
import dev.slipway.freeze.FreezeOverride;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionBuild;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionStep;
import dev.slipway.status.ComponentStatus;
import dev.slipway.status.EnvironmentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API answers with: plain records shaped for JSON, made from domain values. */
final class Views {
  private Views() {}

  record ActorView(String name, String email) {
    static ActorView of(Actor actor) {
      return new ActorView(actor.name(), actor.email().orElse(null));
    }
  }

  record BuildView(
      long id,
      String component,
      String commit,
      String shortCommit,
      String version,
      String image,
      String ciUrl,
      Instant registeredAt,
      ActorView registeredBy) {
    static BuildView of(Build build) {
      return new BuildView(
          build.id(),
          build.component().value(),
          build.commit().value(),
          build.commit().shortSha(),
          build.version(),
          build.image().orElse(null),
          build.ciUrl().orElse(null),
          build.registeredAt(),
          ActorView.of(build.registeredBy()));
    }
  }

  record RegisteredView(boolean created, BuildView build) {}

  record PromotionBuildView(
      String component,
      BuildView build,
      String expectedVersion,
      BuildView previousBuild,
      String previousVersion) {
    static PromotionBuildView of(PromotionBuild build) {
      return new PromotionBuildView(
          build.component().value(),
          build.build().map(BuildView::of).orElse(null),
          build.expectedVersion(),
          build.previousBuild().map(BuildView::of).orElse(null),
          build.previousVersion().orElse(null));
    }
  }

  record StepView(Instant at, String severity, String message) {
    static StepView of(PromotionStep step) {
      return new StepView(step.at(), step.severity().name(), step.message());
    }
  }

  record GateView(
      int index,
      String description,
      String verdict,
      String reason,
      String link,
      Instant recheckAt,
      Instant evaluatedAt) {
    static GateView of(PromotionGate gate) {
      return new GateView(
          gate.index(),
          gate.description(),
          gate.verdict().name(),
          gate.reason(),
          gate.link().orElse(null),
          gate.recheckAt().orElse(null),
          gate.evaluatedAt());
    }
  }

  record PromotionView(
      long id,
      String environment,
      String kind,
      String origin,
      String phase,
      boolean terminal,
      ActorView requestedBy,
      String reason,
      Long revertsPromotion,
      Long release,
      Instant createdAt,
      Instant phaseChangedAt,
      Instant finishedAt,
      String deployReference,
      String revertReference,
      String outcome,
      List<PromotionBuildView> builds,
      List<GateView> gates,
      List<StepView> steps) {
    /**
     * @param gates the latest gate decisions, listed only while the promotion waits; may be null
     * @param steps the step log; null on list answers
     */
    static PromotionView of(
        Promotion promotion, List<PromotionGate> gates, List<PromotionStep> steps) {
      return new PromotionView(
          promotion.id(),
          promotion.environment().value(),
          promotion.kind().name(),
          promotion.origin().name(),
          promotion.phase().name(),
          promotion.phase().isTerminal(),
          ActorView.of(promotion.requestedBy()),
          promotion.reason().orElse(null),
          promotion.revertsPromotion().orElse(null),
          promotion.release().orElse(null),
          promotion.createdAt(),
          promotion.phaseChangedAt(),
          promotion.finishedAt().orElse(null),
          promotion.deployReference().orElse(null),
          promotion.revertReference().orElse(null),
          promotion.outcome().orElse(null),
          promotion.builds().stream().map(PromotionBuildView::of).toList(),
          gates == null ? List.of() : gates.stream().map(GateView::of).toList(),
          steps == null ? null : steps.stream().map(StepView::of).toList());
    }
  }

  record RejectionView(
      String environment, BuildView build, long promotionId, String reason, Instant at) {
    static RejectionView of(Rejection rejection) {
      return new RejectionView(
          rejection.environment().value(),
          BuildView.of(rejection.build()),
          rejection.promotionId(),
          rejection.reason(),
          rejection.at());
    }
  }

  record RunningView(
      String component,
      String version,
      BuildView build,
      Instant since,
      ActorView deployedBy,
      Long promotionId) {
    static RunningView of(ComponentStatus status) {
      return status
          .running()
          .map(
              running ->
                  new RunningView(
                      status.component().value(),
                      running.version(),
                      running.build().map(BuildView::of).orElse(null),
                      running.since(),
                      ActorView.of(running.deployedBy()),
                      running.promotionId()))
          .orElse(new RunningView(status.component().value(), null, null, null, null, null));
    }
  }

  record EnvironmentView(
      String name,
      String upstream,
      String policy,
      PromotionView active,
      List<PromotionView> pending,
      List<RunningView> components) {
    static EnvironmentView of(EnvironmentStatus status, Map<Long, List<PromotionGate>> gates) {
      return new EnvironmentView(
          status.name().value(),
          status.upstream().map(Object::toString).orElse(null),
          status.policy().name(),
          status.active().map(promotion -> PromotionView.of(promotion, null, null)).orElse(null),
          status.pending().stream()
              .map(promotion -> PromotionView.of(promotion, gates.get(promotion.id()), null))
              .toList(),
          status.components().stream().map(RunningView::of).toList());
    }
  }

  record FreezeView(
      long id,
      String environment,
      String reason,
      Instant declaredAt,
      ActorView declaredBy,
      boolean inForce,
      Instant liftedAt,
      ActorView liftedBy,
      String liftReason) {
    static FreezeView of(Freeze freeze) {
      return new FreezeView(
          freeze.id(),
          freeze.environment().value(),
          freeze.reason(),
          freeze.declaredAt(),
          ActorView.of(freeze.declaredBy()),
          freeze.inForce(),
          freeze.liftedAt().orElse(null),
          freeze.liftedBy().map(ActorView::of).orElse(null),
          freeze.liftReason().orElse(null));
    }
  }

  record ApprovalView(long promotionId, ActorView approvedBy, String reason, Instant at) {
    static ApprovalView of(Approval approval) {
      return new ApprovalView(
          approval.promotionId(),
          ActorView.of(approval.approvedBy()),
          approval.reason().orElse(null),
          approval.at());
    }
  }

  record OverrideView(long promotionId, ActorView overriddenBy, String reason, Instant at) {
    static OverrideView of(FreezeOverride override) {
      return new OverrideView(
          override.promotionId(),
          ActorView.of(override.overriddenBy()),
          override.reason(),
          override.at());
    }
  }

  record StatusView(List<EnvironmentView> environments) {}

  record AuditEventView(
      long sequence,
      Instant occurredAt,
      String actor,
      String action,
      String subject,
      String details,
      String previousHash,
      String hash) {
    static AuditEventView of(AuditEvent event) {
      return new AuditEventView(
          event.sequence(),
          event.occurredAt(),
          event.actor(),
          event.action(),
          event.subject(),
          event.details(),
          event.previousHash(),
          event.hash());
    }
  }

  record VerificationView(
      boolean intact, long eventsChecked, long lastIntactSequence, Long brokenAt, String problem) {
    static VerificationView of(AuditVerification verification) {
      return new VerificationView(
          verification.intact(),
          verification.eventsChecked(),
          verification.lastIntactSequence(),
          verification.firstBreak().map(AuditVerification.Break::sequence).orElse(null),
          verification.firstBreak().map(AuditVerification.Break::problem).orElse(null));
    }
  }
}
