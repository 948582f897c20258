package dev.slipway.config;

/** How builds enter an environment. */
public enum PromotionPolicy {
  /**
   * A build is promoted as soon as it is available upstream: registered by CI for an environment
   * without upstream, verified in the upstream environment otherwise.
   */
  AUTOMATIC,
  /** Builds are promoted only when someone asks. */
  MANUAL
}
