package dev.slipway.gate;

/** What a gate answers. */
public enum GateVerdict {
  /** Nothing in this gate holds the promotion back. */
  PASS,
  /**
   * Not yet: something expected has not happened (a certification, the end of a soak time, the
   * opening of a window). The promotion waits and the gate is asked again when an event or the
   * decision's recheck time says it may have changed.
   */
  WAIT,
  /**
   * No, until a person acts: a hold on a change, a failed test run, a downgrade without approval.
   * The promotion waits like for {@link #WAIT}, but the reason is shown as a block.
   */
  BLOCK
}
