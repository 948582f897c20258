package dev.slipway.testing;

import dev.slipway.config.PluginValidator;
import dev.slipway.error.SlipwayException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks target, check and gate entries by type name alone, for tests that read configurations
 * without the plugin implementations on the class path. An unknown type is refused the way {@code
 * Plugins.validator} refuses it: a user error on the entry's {@code type}.
 */
public final class TestingPluginValidator {
  private TestingPluginValidator() {}

  /**
   * Accepts the built-in types: {@code git-file} targets, {@code http} checks, and {@code soak},
   * {@code window}, {@code freeze} and {@code approval} gates.
   */
  public static PluginValidator builtIn() {
    return acceptingTypes(
        Set.of("git-file"), Set.of("http"), Set.of("soak", "window", "freeze", "approval"));
  }

  /** Accepts the named target and check types, and no gate type. */
  public static PluginValidator acceptingTypes(Set<String> targetTypes, Set<String> checkTypes) {
    return acceptingTypes(targetTypes, checkTypes, Set.of());
  }

  public static PluginValidator acceptingTypes(
      Set<String> targetTypes, Set<String> checkTypes, Set<String> gateTypes) {
    Set<String> targets = new TreeSet<>(targetTypes);
    Set<String> checks = new TreeSet<>(checkTypes);
    Set<String> gates = new TreeSet<>(gateTypes);
    return (kind, plugin, config) -> {
      Set<String> known =
          switch (kind) {
            case TARGET -> targets;
            case CHECK -> checks;
            case GATE -> gates;
          };
      if (!known.contains(plugin.type())) {
        throw SlipwayException.invalid(
            "type",
            "unknown %s type '%s'; known types: %s",
            kind.name().toLowerCase(Locale.ROOT),
            plugin.type(),
            known);
      }
    };
  }
}
