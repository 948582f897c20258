package dev.slipway.config;

import static java.util.Objects.requireNonNull;

/**
 * A command an environment runs before or after each deploy, such as a database backup before and a
 * cache clear after.
 *
 * @param name what the step log calls it
 * @param onFailure what a failure of an after-step does; before-steps always stop the promotion
 * @param command the command's settings ({@code command}, {@code workingDirectory}, {@code
 *     environment}, {@code timeout}), with {@code name} and {@code onFailure} among them
 */
public record StepConfig(String name, StepFailure onFailure, PluginConfig command) {
  public StepConfig {
    requireNonNull(name, "name is null");
    requireNonNull(onFailure, "onFailure is null");
    requireNonNull(command, "command is null");
  }
}
