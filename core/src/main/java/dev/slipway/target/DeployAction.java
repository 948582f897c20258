package dev.slipway.target;

/** Whether an operation puts new builds in place or writes earlier values back. */
public enum DeployAction {
  /** New builds of a promotion. */
  DEPLOY,
  /**
   * Earlier values: a failed promotion's revert, a rollback promotion, or the undoing of a partial
   * deploy.
   */
  RESTORE
}
