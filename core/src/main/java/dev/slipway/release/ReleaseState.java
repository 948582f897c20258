package dev.slipway.release;

/** Where a release stands. */
public enum ReleaseState {
  /** Cut and not yet shipped: it may be promoted, or be superseded by a newer cut. */
  OPEN(false),
  /** A newer cut for the same environment replaced it before it shipped. */
  SUPERSEDED(true),
  /** A promotion of it succeeded: its builds run, verified, in its environment. */
  SHIPPED(true);

  private final boolean terminal;

  ReleaseState(boolean terminal) {
    this.terminal = terminal;
  }

  /** True when the release will never change state again. */
  public boolean isTerminal() {
    return terminal;
  }
}
