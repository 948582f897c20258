package dev.slipway.check;

import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;

/**
 * A kind of check, registered through {@code META-INF/services} and chosen by the {@code type} of a
 * check entry in the configuration.
 */
public interface CheckType {
  /** The name used as {@code type} in the configuration, such as {@code http}. */
  String name();

  /** Makes a check from its configuration, without I/O; a wrong setting is an invalid input. */
  Check create(PluginConfig config, PluginContext context);
}
