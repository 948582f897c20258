package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the settings of one target or check entry strictly, refusing what does not belong: an
 * unknown key, a number where text is expected, blank text. Errors name the setting's path inside
 * the entry ({@code trafficShift.weight}), which the configuration loader places under the entry's
 * own path.
 */
public final class SettingsReader {
  private final JsonNode settings;
  private final String prefix;

  SettingsReader(JsonNode settings, String prefix) {
    this.settings = requireNonNull(settings, "settings is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
  }

  /**
   * The settings of an entry, after checking that every key is one of {@code known} ({@code type}
   * is always allowed).
   *
   * @param what the entry's kind for messages, such as {@code a lambda target}
   */
  public static SettingsReader of(PluginConfig config, String what, Set<String> known) {
    SettingsReader reader = new SettingsReader(config.settings(), "");
    reader.requireKnown(what, known, Set.of("type"));
    return reader;
  }

  /** The settings of a nested mapping, such as {@code trafficShift}; empty when it is not set. */
  public Optional<SettingsReader> mapping(String name, String what, Set<String> known) {
    JsonNode node = settings.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw SlipwayException.invalid(
          path(name), "'%s' must be a mapping, not %s", path(name), kind(node));
    }
    SettingsReader reader = new SettingsReader(node, path(name) + ".");
    reader.requireKnown(what, known, Set.of());
    return Optional.of(reader);
  }

  public boolean has(String name) {
    JsonNode node = settings.get(name);
    return node != null && !node.isNull();
  }

  /** A setting's text; empty when it is not set. */
  public Optional<String> text(String name) {
    JsonNode node = settings.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw SlipwayException.invalid(
          path(name), "'%s' must be text, not %s", path(name), kind(node));
    }
    if (node.textValue().isBlank()) {
      throw SlipwayException.invalid(path(name), "'%s' is empty", path(name));
    }
    return Optional.of(node.textValue().trim());
  }

  public String requiredText(String name, String what) {
    return text(name)
        .orElseThrow(
            () ->
                SlipwayException.invalid(path(name), "'%s' is required for %s", path(name), what));
  }

  public Optional<Duration> duration(String name) {
    return text(name).map(text -> Durations.parse(text, path(name)));
  }

  /** A whole number, also when written as text ({@code "3"}). */
  public Optional<Integer> integer(String name) {
    JsonNode node = settings.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return Optional.of(node.intValue());
    }
    if (node.isTextual() && node.textValue().trim().matches("-?\\d{1,9}")) {
      return Optional.of(Integer.parseInt(node.textValue().trim()));
    }
    throw SlipwayException.invalid(
        path(name), "'%s' must be a whole number, not '%s'", path(name), node.asText());
  }

  /** A list of text; empty when the setting is not set. */
  public List<String> textList(String name) {
    JsonNode node = settings.get(name);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw SlipwayException.invalid(
          path(name), "'%s' must be a list, not %s", path(name), kind(node));
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemPath = path(name) + "[" + i + "]";
      if (!item.isTextual()) {
        throw SlipwayException.invalid(itemPath, "'%s' must be text, not %s", itemPath, kind(item));
      }
      if (item.textValue().isBlank()) {
        throw SlipwayException.invalid(itemPath, "'%s' is empty", itemPath);
      }
      values.add(item.textValue().trim());
    }
    return List.copyOf(values);
  }

  /** The path of a setting inside the entry, for errors: {@code trafficShift.weight}. */
  public String path(String name) {
    return prefix + name;
  }

  private void requireKnown(String what, Set<String> known, Set<String> alsoAllowed) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = settings.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name) && !alsoAllowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw SlipwayException.invalid(
          path(unknown.iterator().next()),
          "unknown setting%s %s of %s; its settings are %s",
          unknown.size() == 1 ? "" : "s",
          unknown.stream().map(this::path).toList(),
          what,
          new TreeSet<>(known));
    }
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "a mapping";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case STRING -> "text";
      case BINARY, MISSING, NULL ->
          node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
