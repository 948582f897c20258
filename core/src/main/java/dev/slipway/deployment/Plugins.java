package dev.slipway.deployment;

import static java.util.Objects.requireNonNull;

import dev.slipway.check.Check;
import dev.slipway.check.CheckType;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.PluginValidator;
import dev.slipway.config.Secrets;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.Target;
import dev.slipway.target.TargetType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/** The target and check types available, by the name the configuration uses. */
public final class Plugins {
  private final Map<String, TargetType> targetTypes;
  private final Map<String, CheckType> checkTypes;

  public Plugins(List<TargetType> targetTypes, List<CheckType> checkTypes) {
    this.targetTypes = byName(targetTypes, TargetType::name);
    this.checkTypes = byName(checkTypes, CheckType::name);
  }

  /** The types registered on the class path through {@code META-INF/services}. */
  public static Plugins discover() {
    return new Plugins(
        ServiceLoader.load(TargetType.class).stream().map(ServiceLoader.Provider::get).toList(),
        ServiceLoader.load(CheckType.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  public Target createTarget(PluginConfig config, PluginContext context) {
    TargetType type = targetTypes.get(config.type());
    if (type == null) {
      throw unknown("target", config.type(), targetTypes);
    }
    return type.create(config, context);
  }

  public Check createCheck(PluginConfig config, PluginContext context) {
    CheckType type = checkTypes.get(config.type());
    if (type == null) {
      throw unknown("check", config.type(), checkTypes);
    }
    return type.create(config, context);
  }

  /**
   * A validator that makes each target and check entry with its type, as the server will, so
   * configuration errors surface when the file is checked rather than at the first deploy.
   */
  public PluginValidator validator(Path dataDirectory, Secrets secrets, Clock clock) {
    requireNonNull(dataDirectory, "dataDirectory is null");
    return (kind, plugin, config) -> {
      PluginContext context = new PluginContext(config, dataDirectory, secrets, clock);
      switch (kind) {
        case TARGET -> createTarget(plugin, context);
        case CHECK -> createCheck(plugin, context);
        case GATE ->
            throw new IllegalArgumentException(
                "gate " + plugin.path() + " is checked with the gate types, not the plugins");
      }
    };
  }

  private static SlipwayException unknown(String kind, String name, Map<String, ?> known) {
    return SlipwayException.invalid(
        "type", "unknown %s type '%s'; known types: %s", kind, name, known.keySet());
  }

  private static <T> Map<String, T> byName(List<T> types, Function<T, String> name) {
    Map<String, T> result = new TreeMap<>();
    for (T type : types) {
      T previous = result.put(name.apply(type), type);
      if (previous != null) {
        throw new IllegalStateException(
            "two implementations are named '"
                + name.apply(type)
                + "': "
                + previous.getClass().getName()
                + " and "
                + type.getClass().getName());
      }
    }
    return Map.copyOf(result);
  }
}
