package dev.slipway.gate;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A gate's answer for one promotion and why, in words for the people waiting on it.
 *
 * @param verdict pass, wait or block
 * @param reason what the gate saw: {@code "2 of 5 owners certified; waiting on alice@example.com"}
 * @param recheckAt when the answer will change with no event, such as the end of a soak time or the
 *     opening of a release window; the engine asks again then instead of polling
 * @param link where a person reads more, such as the test run that failed; empty when nothing
 */
public record GateDecision(
    GateVerdict verdict, String reason, Optional<Instant> recheckAt, Optional<String> link) {
  public GateDecision {
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(recheckAt, "recheckAt is null");
    requireNonNull(link, "link is null");
  }

  public static GateDecision pass(String reason) {
    return new GateDecision(GateVerdict.PASS, reason, Optional.empty(), Optional.empty());
  }

  /** Waits for an event (a certification, an approval, a test run) that will signal the engine. */
  public static GateDecision waitFor(String reason) {
    return new GateDecision(GateVerdict.WAIT, reason, Optional.empty(), Optional.empty());
  }

  /** Waits for a time to come, such as the end of a soak or the opening of a window. */
  public static GateDecision waitUntil(Instant recheckAt, String reason) {
    return new GateDecision(
        GateVerdict.WAIT, reason, Optional.of(requireNonNull(recheckAt)), Optional.empty());
  }

  public static GateDecision block(String reason) {
    return new GateDecision(GateVerdict.BLOCK, reason, Optional.empty(), Optional.empty());
  }

  public GateDecision withLink(String link) {
    return new GateDecision(verdict, reason, recheckAt, Optional.of(link));
  }

  public boolean passed() {
    return verdict == GateVerdict.PASS;
  }
}
