package dev.slipway.gate;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginValidator;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The gate types available, by the name the configuration uses as a gate's {@code type}. */
public final class GateTypes {
  private final Map<String, GateType> types;

  public GateTypes(List<GateType> types) {
    Map<String, GateType> byName = new TreeMap<>();
    for (GateType type : requireNonNull(types, "types is null")) {
      GateType previous = byName.put(type.name(), type);
      if (previous != null) {
        throw new IllegalStateException(
            "two gate types are named '"
                + type.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + type.getClass().getName());
      }
    }
    this.types = Map.copyOf(byName);
  }

  public Gate create(PluginConfig config, GateContext context) {
    GateType type = types.get(config.type());
    if (type == null) {
      throw SlipwayException.invalid(
          "type",
          "unknown gate type '%s'; known types: %s",
          config.type(),
          new TreeMap<>(types).keySet());
    }
    return type.create(config, context);
  }

  /**
   * Makes every gate of an environment entry by entry, as the server does, so a wrong setting is
   * reported when the file is checked. Only gate entries are this validator's concern.
   */
  public PluginValidator validator(Clock clock) {
    requireNonNull(clock, "clock is null");
    return (kind, plugin, config) -> {
      if (kind == PluginValidator.Kind.GATE) {
        create(plugin, new GateContext(config, environmentOf(plugin, config), clock));
      }
    };
  }

  /** The environment whose gates hold the entry. */
  private static EnvironmentName environmentOf(PluginConfig plugin, SlipwayConfig config) {
    return config.environments().values().stream()
        .filter(environment -> environment.gates().contains(plugin))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "gate entry " + plugin.path() + " is in no environment"))
        .name();
  }
}
