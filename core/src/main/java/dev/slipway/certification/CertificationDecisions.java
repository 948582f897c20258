package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.promotion.Promotion;
import dev.slipway.release.Releases;
import java.util.Comparator;
import java.util.Optional;

/**
 * The certification gate's answer for a release, as the release notes, the release API and the
 * pending view show it: the {@link CertificationRule} asked about the release's unfinished
 * promotion, so an approval of that promotion counts here as it does at the gate.
 */
public final class CertificationDecisions {
  private final Certifications certifications;
  private final Releases releases;
  private final CertificationRule rule;

  public CertificationDecisions(
      Certifications certifications, Releases releases, CertificationRule rule) {
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.releases = requireNonNull(releases, "releases is null");
    this.rule = requireNonNull(rule, "rule is null");
  }

  /**
   * What the gate answers for a release now: against what runs in its environment, and with the
   * approvals of the promotion carrying it (waiting or under way; the newest, should there be more
   * than one). A release no promotion carries has no approvals yet.
   */
  public CertificationDecision decide(long release) {
    Review review = certifications.review(release);
    Optional<Long> promotion =
        releases.listPromotions(release).stream()
            .filter(carrying -> !carrying.phase().isTerminal())
            .max(Comparator.comparingLong(Promotion::id))
            .map(Promotion::id);
    return rule.decide(review, promotion);
  }
}
