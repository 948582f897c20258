package dev.slipway.change;

/** How a release's build relates to the build running in the target environment. */
public enum ChangeDirection {
  /** The release's commit descends from the running one: the commits between are new there. */
  FORWARD,
  /**
   * The running commit descends from the release's: deploying would take commits away. The change
   * set lists the commits that would be removed, and the release needs an explicit approval.
   */
  DOWNGRADE,
  /**
   * Neither descends from the other (history was rewritten, or the builds come from different
   * branches): the change set lists the release's commits the running build lacks.
   */
  DIVERGED,
  /** The same commit runs already: nothing to certify. */
  UNCHANGED,
  /** Nothing known runs there, so there is nothing to compare with; no commits are listed. */
  INITIAL
}
