package dev.slipway.promotion;

import dev.slipway.build.Build;
import java.util.Optional;

/**
 * The words that go with a deploy: a commit subject naming the builds and the environment, and a
 * body naming the promotion, who asked and why, so the manifests history answers "who shipped what,
 * and why" on its own.
 */
record DeployMessage(String subject, String body) {
  static DeployMessage forDeploy(Promotion promotion, Optional<Promotion> undone) {
    if (promotion.kind() == PromotionKind.ROLLBACK && undone.isPresent()) {
      Promotion original = undone.get();
      return new DeployMessage(
          "Revert \"" + deploySubject(original) + "\"",
          revertsLine(original)
              + "Rollback (promotion "
              + promotion.id()
              + ") requested by "
              + promotion.requestedBy()
              + promotion.reason().map(reason -> ": " + reason).orElse("")
              + "\n");
    }
    StringBuilder body = new StringBuilder();
    body.append("Promotion ")
        .append(promotion.id())
        .append(" to ")
        .append(promotion.environment())
        .append(", requested by ")
        .append(promotion.requestedBy())
        .append(promotion.origin() == PromotionOrigin.AUTOMATIC ? " (automatic)" : " (manual)")
        .append(".\n");
    promotion.reason().ifPresent(reason -> body.append("Reason: ").append(reason).append('\n'));
    body.append('\n');
    for (PromotionBuild entry : promotion.builds()) {
      body.append("- ").append(entry.component()).append(' ').append(entry.expectedVersion());
      entry.build().flatMap(Build::image).ifPresent(image -> body.append(" image ").append(image));
      entry
          .build()
          .flatMap(Build::ciUrl)
          .ifPresent(url -> body.append(" (").append(url).append(')'));
      body.append('\n');
    }
    return new DeployMessage(deploySubject(promotion), body.toString());
  }

  static DeployMessage forRevert(Promotion promotion) {
    return new DeployMessage(
        "Revert \"" + deploySubject(promotion) + "\"",
        revertsLine(promotion)
            + "Promotion "
            + promotion.id()
            + " failed verification in "
            + promotion.environment()
            + ": "
            + promotion.outcome().orElse("checks failed")
            + "\nRolled back by Slipway on its own; the builds are rejected for "
            + promotion.environment()
            + ".\n");
  }

  private static String deploySubject(Promotion promotion) {
    return "Deploy " + promotion.describeBuilds() + " to " + promotion.environment();
  }

  private static String revertsLine(Promotion promotion) {
    return promotion
        .deployReference()
        .map(reference -> "This reverts commit " + reference + ".\n\n")
        .orElse("");
  }
}
