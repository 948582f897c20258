package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.util.Optional;

/**
 * The configuration of one target or check: its {@code type}, which names the implementation, and
 * the rest of its settings, which that implementation reads.
 *
 * @param type the implementation's name, e.g. {@code git-file} or {@code http}
 * @param settings every key of the entry, {@code type} included
 * @param path where the entry sits in the file, e.g. {@code
 *     environments.staging.components.api.targets[0]}, so errors can point at it
 */
public record PluginConfig(String type, ObjectNode settings, String path) {
  public PluginConfig {
    requireNonNull(type, "type is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(path, "path is null");
  }

  public Optional<String> findText(String key) {
    JsonNode node = settings.get(key);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  /**
   * A setting's text, read strictly: a number or list where text belongs is an error naming the
   * setting, not its rendering, and so is blank text.
   */
  public Optional<String> findSettingText(String key) {
    return new SettingsReader(settings, "").text(key);
  }

  public String getText(String key) {
    return findText(key).orElseThrow(() -> SlipwayException.invalid(key, "'%s' is required", key));
  }

  public Optional<Integer> findInt(String key) {
    JsonNode node = settings.get(key);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asInt());
  }

  public Optional<Duration> findDuration(String key) {
    return findText(key).map(text -> Durations.parse(text, key));
  }
}
