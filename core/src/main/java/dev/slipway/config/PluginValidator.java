package dev.slipway.config;

/**
 * Checks the settings of one target, check or gate entry with the implementation its {@code type}
 * names. The configuration loader calls it for every entry once the rest of the file is valid.
 */
@FunctionalInterface
public interface PluginValidator {
  /** Whether an entry is a deploy target, a verification check or a gate of an environment. */
  enum Kind {
    TARGET,
    CHECK,
    GATE
  }

  /**
   * Throws {@link dev.slipway.error.SlipwayException} with a field (relative to the entry, such as
   * {@code repository}) when a setting is wrong; the loader turns it into a located problem.
   */
  void validate(Kind kind, PluginConfig plugin, SlipwayConfig config);

  /** Accepts everything; for reading a file without the plugins at hand. */
  static PluginValidator none() {
    return (kind, plugin, config) -> {};
  }
}
