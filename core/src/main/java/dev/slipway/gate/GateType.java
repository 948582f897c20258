package dev.slipway.gate;

import dev.slipway.config.PluginConfig;

/**
 * A kind of gate, chosen by the {@code type} of a gate entry in the configuration. Gate types are
 * registered when Slipway is wired, because most need Slipway's own records (certifications,
 * freezes, test runs): a new kind of gate is a new registration there, never a change of the
 * engine.
 */
public interface GateType {
  /** The name used as {@code type} in the configuration, such as {@code window}. */
  String name();

  /**
   * Makes a gate from its configuration. Does no I/O, so configuration validation can call it; a
   * wrong setting is reported as an invalid-input error naming the setting.
   */
  Gate create(PluginConfig config, GateContext context);
}
