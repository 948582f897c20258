package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.change.ChangeSet;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code certification} gate: passes when every owner of every commit the builds bring has
 * certified it and nothing is held; waits naming who is missing; blocks on a hold (naming who and
 * why) and on a downgrade, which takes commits away and so needs an explicit approval.
 */
public final class CertificationGate implements Gate {
  private final Supplier<Certifications> certifications;

  public CertificationGate(Supplier<Certifications> certifications) {
    this.certifications = requireNonNull(certifications, "certifications is null");
  }

  @Override
  public String description() {
    return "certification: every owner of every change certified, nothing held";
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    Certifications reviews = certifications.get();
    Review review =
        request.release().isPresent()
            ? reviews.review(request.release().get())
            : reviews.review(request.environment(), request.builds());
    return decide(review);
  }

  /** The gate's answer for a review. */
  public static GateDecision decide(Review review) {
    List<Certification> holds = review.holds();
    if (!holds.isEmpty()) {
      return GateDecision.block(
          holds.stream()
              .map(
                  hold -> hold.component() + "@" + hold.commit().shortSha() + " " + hold.describe())
              .collect(Collectors.joining("; ", "held: ", "")));
    }
    List<ChangeSet> downgrades = review.downgrades();
    if (!downgrades.isEmpty()) {
      return GateDecision.block(
          downgrades.stream()
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
                  .collect(Collectors.joining("; "))
              + ": a downgrade needs an explicit approval");
    }
    if (!review.complete()) {
      return GateDecision.waitFor(review.summary());
    }
    return GateDecision.pass(review.summary());
  }
}
