package dev.slipway.check;

/** Which part of a verification a check run belongs to. */
public enum CheckStage {
  /** The version was just written; the check waits for it to be reported. */
  ROLLOUT,
  /** The version was reported; the check confirms it stays there and healthy. */
  BAKE
}
