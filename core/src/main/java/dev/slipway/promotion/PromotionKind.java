package dev.slipway.promotion;

/** What a promotion puts in place. */
public enum PromotionKind {
  /** New builds, verified and rolled back on failure. */
  DEPLOY,
  /**
   * The versions that ran before an earlier promotion, asked for by a person. A rollback is
   * verified but never rolled back itself: if the restored versions do not show, it errors.
   */
  ROLLBACK
}
