package dev.slipway.target;

/** Where a deployer notes what it does; the lines end up in the promotion's step log. */
@FunctionalInterface
public interface DeployLog {
  void note(String message);
}
