package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.approval.ApprovalRepository;
import dev.slipway.approval.ApprovingGate;
import dev.slipway.config.ReleaseConfig;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Roles;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code certification} gate: passes when every owner of every commit the builds bring has
 * certified it and nothing is held; waits naming who is missing; blocks on a hold (naming who and
 * why) and on a downgrade, which takes commits away and so needs an explicit approval of the
 * waiting promotion by a holder of {@link ReleaseConfig#downgradeApprovalRole()}. What it answers
 * is the {@link CertificationRule}'s.
 */
public final class CertificationGate implements ApprovingGate {
  private final Supplier<Certifications> certifications;
  private final CertificationRule rule;

  /**
   * @param downgradeRole whose approval of the promotion lifts a downgrade; empty when nothing does
   */
  public CertificationGate(
      Supplier<Certifications> certifications,
      Optional<String> downgradeRole,
      Roles roles,
      ApprovalRepository approvals) {
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.rule = new CertificationRule(downgradeRole, roles, approvals);
  }

  @Override
  public String description() {
    return "certification: every owner of every change certified, nothing held";
  }

  @Override
  public Optional<String> approvingRole() {
    return rule.downgradeRole();
  }

  @Override
  public boolean acceptsApprovalFrom(Actor actor) {
    return rule.acceptsApprovalFrom(actor);
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    Certifications reviews = certifications.get();
    Review review =
        request.release().isPresent()
            ? reviews.review(request.release().get())
            : reviews.review(request.environment(), request.builds());
    return rule.decide(review, request.promotion()).decision();
  }
}
