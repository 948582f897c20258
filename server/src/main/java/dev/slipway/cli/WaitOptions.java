package dev.slipway.cli;

import dev.slipway.config.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Whether and how long a command follows the promotion it asked for. */
final class WaitOptions {
  @Option(names = "--wait", description = "Follow the promotion until it ends")
  boolean wait;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      description = "How long --wait waits (default ${DEFAULT-VALUE})")
  String timeout;

  Duration timeout() {
    return Durations.parse(timeout, "--timeout");
  }
}
