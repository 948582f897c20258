package dev.slipway.target.lambda;

import java.time.Duration;

/**
 * How the deployer waits between polls and through a traffic shift. Production sleeps; tests move
 * their clock instead, so no test waits for real time.
 */
@FunctionalInterface
public interface Pause {
  void pause(Duration duration) throws InterruptedException;

  static Pause sleeping() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
