package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.approval.Approval;
import dev.slipway.approval.ApprovalRepository;
import dev.slipway.config.ReleaseConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.gate.GateDecision;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Roles;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the {@code certification} gate answers for a review: block on a hold, naming who and why;
 * block on a downgrade until a holder of {@link ReleaseConfig#downgradeApprovalRole()} approves the
 * promotion, naming the command and the role; otherwise wait until every owner certified. The gate
 * and everything that shows its answer (release notes, the release API) ask this one rule, so they
 * cannot disagree.
 */
public final class CertificationRule {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

  private final Optional<String> downgradeRole;
  private final Roles roles;
  private final ApprovalRepository approvals;

  /**
   * @param downgradeRole whose approval of the promotion lifts a downgrade; empty when nothing does
   */
  public CertificationRule(
      Optional<String> downgradeRole, Roles roles, ApprovalRepository approvals) {
    this.downgradeRole = requireNonNull(downgradeRole, "downgradeRole is null");
    this.roles = requireNonNull(roles, "roles is null");
    this.approvals = requireNonNull(approvals, "approvals is null");
  }

  /** The rule a configuration sets. */
  public static CertificationRule of(SlipwayConfig config, ApprovalRepository approvals) {
    return new CertificationRule(
        config.releases().downgradeApprovalRole(), config.roles(), approvals);
  }

  /** The role whose holders' approval lifts a downgrade; empty when nobody's does. */
  public Optional<String> downgradeRole() {
    return downgradeRole;
  }

  /** True when a person's approval of a promotion lifts its downgrade. */
  public boolean acceptsApprovalFrom(Actor actor) {
    return downgradeRole.filter(role -> roles.holds(actor, role)).isPresent();
  }

  /**
   * The gate's answer for a review.
   *
   * @param promotion the promotion asked about, whose approvals may lift a downgrade; empty when
   *     none is
   */
  public CertificationDecision decide(Review review, Optional<Long> promotion) {
    List<Certification> holds = review.holds();
    if (!holds.isEmpty()) {
      return new CertificationDecision(
          review,
          promotion,
          GateDecision.block(
              holds.stream()
                  .map(
                      hold ->
                          hold.component() + "@" + hold.commit().shortSha() + " " + hold.describe())
                  .collect(Collectors.joining("; ", "held: ", ""))),
          List.of());
    }
    if (review.downgrades().isEmpty()) {
      return new CertificationDecision(review, promotion, certified(review), List.of());
    }
    List<Approval> approved = downgradeApprovals(promotion);
    if (approved.isEmpty()) {
      return new CertificationDecision(
          review,
          promotion,
          GateDecision.block(downgrades(review) + ": " + howToApprove(promotion)),
          List.of());
    }
    GateDecision rest = certified(review);
    return new CertificationDecision(
        review,
        promotion,
        new GateDecision(
            rest.verdict(),
            downgrades(review) + "; " + describe(approved) + "; " + rest.reason(),
            rest.recheckAt(),
            rest.link()),
        approved);
  }

  /** Passes once every owner certified; never blocks. */
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

  /** Approvals by people who hold the role now: one who lost it no longer vouches. */
  private List<Approval> downgradeApprovals(Optional<Long> promotion) {
    if (downgradeRole.isEmpty() || promotion.isEmpty()) {
      return List.of();
    }
    return approvals.listApprovals(promotion.get()).stream()
        .filter(approval -> roles.holds(approval.approvedBy(), downgradeRole.get()))
        .toList();
  }

  /**
   * {@code downgrade approved by Ops Lead <ops@example.com> at 2026-01-05T10:00:00Z ("retry is
   * broken")}.
   */
  private static String describe(List<Approval> approved) {
    return approved.stream()
        .map(
            approval ->
                approval.approvedBy()
                    + " at "
                    + TIME.format(approval.at())
                    + approval.reason().map(reason -> " (\"" + reason + "\")").orElse(""))
        .collect(Collectors.joining(" and by ", "downgrade approved by ", ""));
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
