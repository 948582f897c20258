package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.approval.ApprovalRepository;
import dev.slipway.approval.ApprovingGate;
import dev.slipway.config.ReleaseConfig;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Roles;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code certification} gate: passes when every owner of every commit the builds bring has
 * certified it and nothing is held; waits naming who is missing; blocks on a hold (naming who and
 * why) and on a downgrade, which takes commits away and so needs an explicit approval of the
 * waiting promotion by a holder of {@link ReleaseConfig#downgradeApprovalRole()}.
 */
public final class CertificationGate implements ApprovingGate {
  private final Supplier<Certifications> certifications;
  private final Optional<String> downgradeRole;
  private final Roles roles;
  private final ApprovalRepository approvals;

  /**
   * @param downgradeRole whose approval of the promotion lifts a downgrade; empty when nothing does
   */
  public CertificationGate(
      Supplier<Certifications> certifications,
      Optional<String> downgradeRole,
      Roles roles,
      ApprovalRepository approvals) {
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.downgradeRole = requireNonNull(downgradeRole, "downgradeRole is null");
    this.roles = requireNonNull(roles, "roles is null");
    this.approvals = requireNonNull(approvals, "approvals is null");
  }

  @Override
  public String description() {
    return "certification: every owner of every change certified, nothing held";
  }

  @Override
  public Optional<String> approvingRole() {
    return downgradeRole;
  }

  @Override
  public boolean acceptsApprovalFrom(Actor actor) {
    return downgradeRole.filter(role -> roles.holds(actor, role)).isPresent();
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    Certifications reviews = certifications.get();
    Review review =
        request.release().isPresent()
            ? reviews.review(request.release().get())
            : reviews.review(request.environment(), request.builds());
    if (review.holds().isEmpty() && !review.downgrades().isEmpty()) {
      List<String> approvedBy = downgradeApprovers(request.promotion());
      if (approvedBy.isEmpty()) {
        return GateDecision.block(downgrades(review) + ": " + howToApprove(request.promotion()));
      }
      GateDecision rest = certified(review);
      String approved = "downgrade approved by " + String.join(", ", approvedBy) + "; ";
      return switch (rest.verdict()) {
        case PASS -> GateDecision.pass(approved + rest.reason());
        case WAIT -> GateDecision.waitFor(approved + rest.reason());
        case BLOCK -> rest;
      };
    }
    return decide(review);
  }

  /** The gate's answer for a review, with no approval of a downgrade. */
  public static GateDecision decide(Review review) {
    List<Certification> holds = review.holds();
    if (!holds.isEmpty()) {
      return GateDecision.block(
          holds.stream()
              .map(
                  hold -> hold.component() + "@" + hold.commit().shortSha() + " " + hold.describe())
              .collect(Collectors.joining("; ", "held: ", "")));
    }
    if (!review.downgrades().isEmpty()) {
      return GateDecision.block(downgrades(review) + ": a downgrade needs an explicit approval");
    }
    return certified(review);
  }

  private static GateDecision certified(Review review) {
    if (!review.complete()) {
      return GateDecision.waitFor(review.summary());
    }
    return GateDecision.pass(review.summary());
  }

  private static String downgrades(Review review) {
    return review.downgrades().stream()
        .map(
            changeSet ->
                changeSet.component()
                    + " would go back from "
                    + changeSet.from().map(sha -> sha.shortSha()).orElse("?")
                    + " to "
                    + changeSet.to().shortSha()
                    + ", removing "
                    + changeSet.commits().size()
                    + " commit(s)")
        .collect(Collectors.joining("; "));
  }

  private List<String> downgradeApprovers(Optional<Long> promotion) {
    if (downgradeRole.isEmpty() || promotion.isEmpty()) {
      return List.of();
    }
    return approvals.listApprovals(promotion.get()).stream()
        .filter(approval -> roles.holds(approval.approvedBy(), downgradeRole.get()))
        .map(approval -> approval.approvedBy().email().orElseThrow())
        .distinct()
        .toList();
  }

  private String howToApprove(Optional<Long> promotion) {
    if (downgradeRole.isEmpty()) {
      return "a downgrade needs an explicit approval, and no role may give it; set"
          + " releases.downgradeRole to a role under roles";
    }
    String role = downgradeRole.get();
    Set<String> holders = roles.holders(role);
    return "a downgrade needs an explicit approval: slipway approve "
        + promotion.map(String::valueOf).orElse("PROMOTION")
        + " --reason TEXT, by a holder of role "
        + role
        + (holders.isEmpty() ? " (nobody holds it)" : " (" + String.join(", ", holders) + ")");
  }
}
