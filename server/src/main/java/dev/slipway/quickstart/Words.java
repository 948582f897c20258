package dev.slipway.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the narration puts what the API answers into words. */
final class Words {
  private Words() {}

  /** "succeeded", "rolling back": a promotion's phase as a word. */
  static String phase(JsonNode promotion) {
    return promotion.get("phase").asText().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** "api@1a2b3c4": a build of the API's JSON. */
  static String build(JsonNode build) {
    return build.get("component").asText() + "@" + build.get("shortCommit").asText();
  }

  /** "api@1a2b3c4 and admin@5d6e7f8": the builds a promotion deploys. */
  static String builds(JsonNode promotion) {
    List<String> names = new ArrayList<>();
    for (JsonNode entry : promotion.path("builds")) {
      names.add(
          entry.hasNonNull("build")
              ? build(entry.get("build"))
              : entry.get("component").asText()
                  + "@"
                  + shortVersion(entry.get("expectedVersion").asText()));
    }
    return join(names);
  }

  /** How long a promotion took from being asked for to its end, such as "13s". */
  static String took(JsonNode promotion) {
    if (!promotion.hasNonNull("finishedAt")) {
      return "";
    }
    Duration took =
        Duration.between(
            Instant.parse(promotion.get("createdAt").asText()),
            Instant.parse(promotion.get("finishedAt").asText()));
    return took.toSeconds() + "s";
  }

  /** The first seven characters of a commit, as image tags name it; other versions as they are. */
  static String shortVersion(String version) {
    return version.matches("[0-9a-f]{40}") ? version.substring(0, 7) : version;
  }

  /** "a", "a and b", "a, b and c". */
  static String join(List<String> words) {
    if (words.isEmpty()) {
      return "nothing";
    }
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " and "
        + words.get(words.size() - 1);
  }
}
