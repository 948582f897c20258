package dev.slipway.promotion;

/** Where a promotion stands. Only {@link PromotionStateMachine} changes it. */
public enum PromotionPhase {
  /** Waiting for the environment to be free; nothing has been deployed. */
  PENDING(false),
  /** Writing the new versions to the targets. */
  DEPLOYING(false),
  /** The versions are written; waiting for the checks to report them. */
  ROLLING_OUT(false),
  /** The versions are reported; the checks must keep passing through the bake time. */
  VERIFYING(false),
  /** Verification failed; the previous versions are being restored and confirmed. */
  ROLLING_BACK(false),
  /** Deployed and verified. */
  SUCCEEDED(true),
  /** Verification said no and the previous versions were restored: the world refused the build. */
  FAILED(true),
  /**
   * Something broke on Slipway's side or could not be confirmed (a push refused after every
   * attempt, a restore that never showed): a person must look.
   */
  ERRORED(true),
  /** Withdrawn before it started. */
  CANCELLED(true);

  private final boolean terminal;

  PromotionPhase(boolean terminal) {
    this.terminal = terminal;
  }

  /** True when the promotion has ended and will never change again. */
  public boolean isTerminal() {
    return terminal;
  }

  /** True while the promotion holds its environment: started and not yet ended. */
  public boolean isActive() {
    return !terminal && this != PENDING;
  }
}
