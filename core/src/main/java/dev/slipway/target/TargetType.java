package dev.slipway.target;

import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;

/**
 * A kind of deploy target, registered through {@code META-INF/services} and chosen by the {@code
 * type} of a target entry in the configuration.
 */
public interface TargetType {
  /** The name used as {@code type} in the configuration, such as {@code git-file}. */
  String name();

  /**
   * Makes a target from its configuration. Does no I/O, so configuration validation can call it; a
   * setting that is wrong is reported as an invalid-input error naming the setting.
   */
  Target create(PluginConfig config, PluginContext context);
}
