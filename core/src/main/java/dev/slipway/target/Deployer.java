package dev.slipway.target;

/** Applies changes to targets that belong together, in one operation. */
public interface Deployer {
  /**
   * Sets every change's value in one operation and reports the values it replaced.
   *
   * <p>Applying is idempotent per {@link DeployOperation#id()}: when an operation with that id
   * already took effect (a restarted server resuming a promotion), nothing is applied again and the
   * earlier result is returned with {@link AppliedOperation#resumed()} set.
   *
   * @throws dev.slipway.error.SlipwayException when the operation cannot be applied; terminal when
   *     trying again cannot help
   */
  AppliedOperation apply(DeployOperation operation);
}
