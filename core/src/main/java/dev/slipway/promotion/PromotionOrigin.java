package dev.slipway.promotion;

/** Why a promotion exists. */
public enum PromotionOrigin {
  /** Someone asked for it. */
  MANUAL,
  /** The environment's automatic policy asked for it: a build arrived or passed upstream. */
  AUTOMATIC
}
