package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows promotions through the API as {@code slipway promote --wait} does: reads each one until
 * it ends, and narrates every step it records, in the order they were recorded.
 */
final class PromotionFollower {
  private final HttpJson api;
  private final Narrator narrator;
  private final Duration interval;
  private final Duration timeout;

  PromotionFollower(HttpJson api, Narrator narrator, Duration interval, Duration timeout) {
    this.api = requireNonNull(api, "api is null");
    this.narrator = requireNonNull(narrator, "narrator is null");
    this.interval = requireNonNull(interval, "interval is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  /**
   * Narrates the promotions' steps until every one has ended.
   *
   * @return each promotion as the API last showed it, in the order given; one still running after
   *     the timeout is returned as it stands
   */
  List<JsonNode> follow(List<Long> ids) throws InterruptedException {
    Map<Long, Integer> printed = new LinkedHashMap<>();
    Map<Long, JsonNode> latest = new LinkedHashMap<>();
    ids.forEach(id -> printed.put(id, 0));
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      boolean allEnded = true;
      for (long id : ids) {
        JsonNode promotion = api.get("api/v1/promotions/" + id);
        latest.put(id, promotion);
        JsonNode steps = promotion.path("steps");
        for (int i = printed.get(id); i < steps.size(); i++) {
          JsonNode step = steps.get(i);
          narrator.step(
              id,
              Instant.parse(step.get("at").asText()),
              step.get("severity").asText(),
              step.get("message").asText());
        }
        printed.put(id, steps.size());
        allEnded &= promotion.get("terminal").asBoolean();
      }
      if (allEnded) {
        return new ArrayList<>(latest.values());
      }
      if (Instant.now().isAfter(deadline)) {
        for (JsonNode promotion : latest.values()) {
          if (!promotion.get("terminal").asBoolean()) {
            narrator.say(
                "Promotion "
                    + promotion.get("id").asLong()
                    + " is still "
                    + Words.phase(promotion)
                    + " after "
                    + Durations.format(timeout)
                    + "; no longer waiting for it (Slipway carries on with it)");
          }
        }
        return new ArrayList<>(latest.values());
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
