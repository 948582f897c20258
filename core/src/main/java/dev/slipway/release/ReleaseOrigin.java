package dev.slipway.release;

/** Why a release was cut. */
public enum ReleaseOrigin {
  /** Someone asked for it. */
  MANUAL,
  /** The upstream verified new builds, so the environment's next release followed. */
  AUTOMATIC,
  /** The environment's release train left. */
  TRAIN
}
