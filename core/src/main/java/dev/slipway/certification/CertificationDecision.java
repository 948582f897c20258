package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.approval.Approval;
import dev.slipway.gate.GateDecision;
import java.util.List;
import java.util.Optional;

/**
 * The certification gate's answer, with what it weighed: the review, and the approvals that lift a
 * downgrade.
 *
 * @param review where the certification stands
 * @param promotion the promotion whose approvals count; empty when none is asked about (a preview,
 *     or a release no promotion carries yet), and then nothing lifts a downgrade
 * @param decision the gate's answer
 * @param downgradeApprovals the approvals that lift the review's downgrade, oldest first; empty
 *     when nothing is downgraded or nobody holding the role approved
 */
public record CertificationDecision(
    Review review,
    Optional<Long> promotion,
    GateDecision decision,
    List<Approval> downgradeApprovals) {
  public CertificationDecision {
    requireNonNull(review, "review is null");
    requireNonNull(promotion, "promotion is null");
    requireNonNull(decision, "decision is null");
    downgradeApprovals =
        List.copyOf(requireNonNull(downgradeApprovals, "downgradeApprovals is null"));
  }
}
