package dev.slipway.target.command;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.process.CommandSettings;
import dev.slipway.target.Target;
import dev.slipway.target.TargetType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code command} target type.
 *
 * <pre>{@code
 * - type: command
 *   command: [terragrunt, apply, -auto-approve]
 *   workingDirectory: infrastructure/staging   # relative to slipway.yaml
 *   environment: {TF_IN_AUTOMATION: "1"}       # never secrets
 *   timeout: 30m                               # default 10m
 * }</pre>
 *
 * <p>Every command target is a deployer of its own: each runs as its own operation.
 */
public final class CommandTargetType implements TargetType {
  public static final String NAME = "command";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Target create(PluginConfig config, PluginContext context) {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    return new CommandTarget(
        CommandSettings.from(
            config, "a command target", Set.of(), DEFAULT_TIMEOUT, configDirectory(context)));
  }

  /** A relative working directory is relative to the configuration's folder. */
  static Path configDirectory(PluginContext context) {
    Path parent = context.config().source().toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
