package dev.slipway.notes;

import static java.util.Objects.requireNonNull;

import dev.slipway.certification.CertificationDecision;
import dev.slipway.certification.CertificationDecisions;
import dev.slipway.certification.CommitReview;
import dev.slipway.certification.OwnerReview;
import dev.slipway.certification.Review;
import dev.slipway.change.ChangeCommit;
import dev.slipway.change.ChangeSet;
import dev.slipway.change.CommitIdentity;
import dev.slipway.component.ComponentName;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.gate.GateDecision;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionGateRepository;
import dev.slipway.release.Release;
import dev.slipway.release.Releases;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a release's notes in Markdown: per component the commits it brings, each with its
 * pull-request link when the component's repository is on GitHub, its owners and what they said;
 * then the certification gate's answer now (with the approval of a downgrade, when the promotion
 * carrying the release has one), and the release's promotions with the last answer of each of their
 * gates.
 */
public final class ReleaseNotes {
  private static final Pattern GITHUB =
      Pattern.compile(
          "^(?:https://github\\.com/|git@github\\.com:|ssh://git@github\\.com/)"
              + "([^/]+/[^/]+?)(?:\\.git)?/?$");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

  private final Releases releases;
  private final CertificationDecisions certifications;
  private final PromotionGateRepository gates;
  private final SlipwayConfig config;

  public ReleaseNotes(
      Releases releases,
      CertificationDecisions certifications,
      PromotionGateRepository gates,
      SlipwayConfig config) {
    this.releases = requireNonNull(releases, "releases is null");
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.gates = requireNonNull(gates, "gates is null");
    this.config = requireNonNull(config, "config is null");
  }

  /** The notes of a release, against what runs in its environment now. */
  public String write(long id) {
    Release release = releases.repository().getRelease(id);
    CertificationDecision decided = certifications.decide(id);
    Review review = decided.review();
    StringBuilder notes = new StringBuilder();
    notes
        .append("# Release ")
        .append(release.id())
        .append(" to ")
        .append(release.environment())
        .append("\n\n");
    notes
        .append("Cut from ")
        .append(release.source())
        .append(" at ")
        .append(TIME.format(release.cutAt()))
        .append(" by ")
        .append(release.cutBy())
        .append(" (")
        .append(release.origin().name().toLowerCase(Locale.ROOT))
        .append("); ")
        .append(release.state().name().toLowerCase(Locale.ROOT))
        .append(release.supersededBy().map(by -> " by release " + by).orElse(""))
        .append(".\n");
    for (ChangeSet changeSet : review.changeSets()) {
      component(notes, changeSet, review);
    }
    notes.append("\n## Gates\n\n");
    GateDecision certification = decided.decision();
    notes
        .append("- certification: ")
        .append(certification.verdict().name().toLowerCase(Locale.ROOT))
        .append(" (")
        .append(certification.reason())
        .append(")\n");
    List<Promotion> promotions = releases.listPromotions(id);
    if (!promotions.isEmpty()) {
      notes.append("\n## Promotions\n\n");
      for (Promotion promotion : promotions) {
        notes
            .append("- promotion ")
            .append(promotion.id())
            .append(": ")
            .append(promotion.phase().name().toLowerCase(Locale.ROOT))
            .append(promotion.outcome().map(text -> " (" + text + ")").orElse(""))
            .append('\n');
        for (PromotionGate gate : gates.listGates(promotion.id())) {
          notes
              .append("  - ")
              .append(gate.description())
              .append(": ")
              .append(gate.summary())
              .append('\n');
        }
      }
    }
    return notes.toString();
  }

  private void component(StringBuilder notes, ChangeSet changeSet, Review review) {
    notes.append("\n## ").append(changeSet.component()).append(": ");
    notes.append(changeSet.from().map(sha -> sha.shortSha() + " → ").orElse(""));
    notes.append(changeSet.to().shortSha());
    notes.append(" (").append(describe(changeSet)).append(")\n\n");
    if (changeSet.commits().isEmpty()) {
      notes.append("No commits to list.\n");
      return;
    }
    Optional<String> pulls = pullRequestBase(changeSet.component());
    for (CommitReview commit : review.commits()) {
      if (!commit.component().equals(changeSet.component())) {
        continue;
      }
      ChangeCommit change = commit.commit();
      notes.append("- ");
      if (change.pullRequest().isPresent()) {
        int number = change.pullRequest().get();
        notes.append(
            pulls.map(base -> "[#" + number + "](" + base + number + ")").orElse("#" + number));
        notes.append(' ');
      }
      notes.append(change.subject()).append(" (`").append(change.sha().shortSha()).append("`, ");
      notes.append(
          change.owners().stream().map(CommitIdentity::toString).collect(Collectors.joining(", ")));
      notes.append(")\n");
      for (OwnerReview owner : commit.owners()) {
        notes
            .append("  - ")
            .append(owner.owner().name())
            .append(": ")
            .append(
                owner
                    .word()
                    .map(word -> word.describe() + " at " + TIME.format(word.recordedAt()))
                    .orElse("not certified yet"))
            .append('\n');
      }
    }
  }

  private static String describe(ChangeSet changeSet) {
    int count = changeSet.commits().size();
    String commits = count + (count == 1 ? " commit" : " commits");
    return switch (changeSet.direction()) {
      case FORWARD -> commits;
      case DOWNGRADE -> "downgrade: removes " + commits;
      case DIVERGED -> "diverged: " + commits + " the running build lacks";
      case UNCHANGED -> "unchanged";
      case INITIAL -> "first release: nothing known runs there";
    };
  }

  /** {@code https://github.com/org/repo/pull/} when the repository is on GitHub. */
  private Optional<String> pullRequestBase(ComponentName component) {
    return config.getComponent(component).repository().flatMap(ReleaseNotes::pullRequestBase);
  }

  static Optional<String> pullRequestBase(String repository) {
    Matcher matcher = GITHUB.matcher(repository);
    return matcher.matches()
        ? Optional.of("https://github.com/" + matcher.group(1) + "/pull/")
        : Optional.empty();
  }
}
