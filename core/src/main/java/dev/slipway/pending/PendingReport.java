package dev.slipway.pending;

import static java.util.Objects.requireNonNull;

import dev.slipway.certification.CertificationDecision;
import dev.slipway.certification.CertificationDecisions;
import dev.slipway.certification.CertificationGateType;
import dev.slipway.certification.Certifications;
import dev.slipway.certification.Review;
import dev.slipway.config.PromotionPolicy;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.gate.GateVerdict;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionGateRepository;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionRepository;
import dev.slipway.release.Release;
import dev.slipway.release.Releases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What waits, per environment and on whom: every pending promotion, and every open release no
 * promotion carries yet. A release's certification says which owners are missing (read afresh), and
 * for an open release no promotion carries, what the certification gate would block it on (a hold,
 * a downgrade); the other gates say what they last answered; a promotion behind a running one says
 * so.
 */
public final class PendingReport {
  private final Releases releases;
  private final Certifications certifications;
  private final CertificationDecisions decisions;
  private final PromotionRepository promotions;
  private final PromotionGateRepository gates;
  private final SlipwayConfig config;
  private final Clock clock;

  public PendingReport(
      Releases releases,
      Certifications certifications,
      CertificationDecisions decisions,
      PromotionRepository promotions,
      PromotionGateRepository gates,
      SlipwayConfig config,
      Clock clock) {
    this.releases = requireNonNull(releases, "releases is null");
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.decisions = requireNonNull(decisions, "decisions is null");
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.gates = requireNonNull(gates, "gates is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** What waits in one environment or all, by environment then oldest first. */
  public List<PendingItem> list(Optional<EnvironmentName> environment) {
    environment.ifPresent(config::getEnvironment);
    Instant now = clock.instant();
    List<PendingItem> items = new ArrayList<>();
    List<Promotion> unfinished = promotions.listUnfinished();
    for (Promotion promotion : unfinished) {
      if (promotion.phase() != PromotionPhase.PENDING
          || (environment.isPresent() && !environment.get().equals(promotion.environment()))) {
        continue;
      }
      Optional<Promotion> running =
          unfinished.stream()
              .filter(other -> other.environment().equals(promotion.environment()))
              .filter(other -> other.phase().isActive())
              .findFirst();
      List<String> waits = new ArrayList<>();
      promotion
          .release()
          .map(release -> certifications.review(release))
          .filter(review -> !review.complete())
          .ifPresent(review -> waits.add("certification: " + review.summary()));
      for (PromotionGate gate : gates.listGates(promotion.id())) {
        // The review above already says whom a release waits on; a block (a hold, a downgrade
        // awaiting approval) is told by the gate alone.
        if (gate.verdict() != GateVerdict.PASS
            && !(promotion.release().isPresent()
                && gate.verdict() == GateVerdict.WAIT
                && gate.description().startsWith(CertificationGateType.NAME))) {
          waits.add(gate.description() + ": " + gate.summary());
        }
      }
      running.ifPresent(
          active -> waits.add(promotion.environment() + " to be free of promotion " + active.id()));
      String waitingOn = waits.isEmpty() ? "its turn to start" : String.join("; ", waits);
      items.add(
          new PendingItem(
              promotion.environment(),
              promotion.release(),
              Optional.of(promotion.id()),
              "promotion " + promotion.id() + " (" + promotion.describeBuilds() + ")",
              waitingOn,
              promotion.createdAt(),
              Duration.between(promotion.createdAt(), now)));
    }
    for (Release release : releases.repository().listOpen()) {
      if (environment.isPresent() && !environment.get().equals(release.environment())) {
        continue;
      }
      boolean carried =
          unfinished.stream()
              .anyMatch(
                  promotion -> promotion.release().filter(id -> id == release.id()).isPresent());
      if (carried) {
        continue;
      }
      // Whom the release waits on, and, as for a pending promotion, what the certification gate
      // blocks it on (a hold, a downgrade awaiting approval).
      CertificationDecision decided = decisions.decide(release.id());
      String waitingOn = certification(decided.review());
      if (decided.decision().verdict() == GateVerdict.BLOCK) {
        waitingOn += "; " + decided.decision().reason();
      }
      if (config.getEnvironment(release.environment()).policy() == PromotionPolicy.MANUAL) {
        waitingOn +=
            "; then someone to promote it: slipway promote --env "
                + release.environment()
                + " --release "
                + release.id();
      }
      items.add(
          new PendingItem(
              release.environment(),
              Optional.of(release.id()),
              Optional.empty(),
              "release " + release.id() + " (" + release.describeBuilds() + ")",
              waitingOn,
              release.cutAt(),
              Duration.between(release.cutAt(), now)));
    }
    items.sort(
        Comparator.comparing((PendingItem item) -> item.environment().value())
            .thenComparing(PendingItem::since));
    return items;
  }

  private static String certification(Review review) {
    return review.owners().isEmpty() ? "no commits to certify" : review.summary();
  }
}
