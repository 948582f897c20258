package dev.slipway.gate;

/** One configured gate of one environment. */
public interface Gate {
  /** Names the gate for people: {@code release window: Mon-Fri 09:00-16:00 America/Toronto}. */
  String description();

  /**
   * Decides for one request. Reads what it needs (certifications, freezes, test runs) and changes
   * nothing; it does not throw for the world saying no, which is a {@link GateVerdict#WAIT} or
   * {@link GateVerdict#BLOCK} decision with the reason.
   */
  GateDecision evaluate(GateRequest request);
}
