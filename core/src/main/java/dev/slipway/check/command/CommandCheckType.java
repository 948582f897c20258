package dev.slipway.check.command;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.check.Check;
import dev.slipway.check.CheckType;
import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.error.SlipwayException;
import dev.slipway.process.CommandSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code command} check type: the settings of a command ({@code command}, {@code
 * workingDirectory}, {@code environment}, {@code timeout}, default 1m) and {@code interval}
 * (default 30s) and {@code failureThreshold} (default 3).
 */
public final class CommandCheckType implements CheckType {
  public static final String NAME = "command";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check create(PluginConfig config, PluginContext context) {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    CommandSettings settings =
        CommandSettings.from(
            config,
            "a command check",
            Set.of("interval", "failureThreshold"),
            DEFAULT_TIMEOUT,
            configDirectory(context));
    Duration interval = config.findDuration("interval").orElse(DEFAULT_INTERVAL);
    if (interval.isZero() || interval.isNegative()) {
      throw SlipwayException.invalid(
          "interval", "interval must be longer than zero, not %s", Durations.format(interval));
    }
    return new CommandCheck(
        settings, interval, failureThreshold(config.settings().get("failureThreshold")));
  }

  static int failureThreshold(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_FAILURE_THRESHOLD;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
      throw SlipwayException.invalid(
          "failureThreshold",
          "failureThreshold must be a whole number of at least 1, not '%s'",
          node.asText());
    }
    return node.intValue();
  }

  private static Path configDirectory(PluginContext context) {
    Path parent = context.config().source().toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
