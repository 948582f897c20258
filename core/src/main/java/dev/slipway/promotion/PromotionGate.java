package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.gate.GateVerdict;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest decision of one gate for a waiting promotion, as stored for people to see.
 *
 * @param index the gate's place in its environment's {@code gates}, from 0
 * @param description the gate in words
 * @param verdict pass, wait or block
 * @param reason what the gate saw
 * @param link where to read more
 * @param recheckAt when the gate will be asked again without an event
 * @param evaluatedAt when it answered
 */
public record PromotionGate(
    int index,
    String description,
    GateVerdict verdict,
    String reason,
    Optional<String> link,
    Optional<Instant> recheckAt,
    Instant evaluatedAt) {
  public PromotionGate {
    requireNonNull(description, "description is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(link, "link is null");
    requireNonNull(recheckAt, "recheckAt is null");
    requireNonNull(evaluatedAt, "evaluatedAt is null");
  }

  /** {@code waiting: release window opens Mon 09:00 America/Toronto}, or {@code passed: ...}. */
  public String summary() {
    String word =
        switch (verdict) {
          case PASS -> "passed";
          case WAIT -> "waiting";
          case BLOCK -> "blocked";
        };
    return word + ": " + reason;
  }
}
