package dev.slipway.target.git;

import java.util.Optional;

/**
 * Finds one value in the text of a file and replaces it without touching anything else, so the diff
 * of a change is exactly the value. Made from an env-style key or a YAML path; the simulated fleet
 * and tests read manifests with the same locators the deploy target writes them with.
 */
public interface ValueLocator {
  /** Names the place for people: {@code API_DOCKER_TAG} or {@code images[name=api].newTag}. */
  String description();

  /**
   * The value, or empty when the text has no such place.
   *
   * @throws dev.slipway.error.SlipwayException when the place is ambiguous (a key set twice) or the
   *     text cannot be read as the locator's format
   */
  Optional<String> read(String content);

  /**
   * The text with the value replaced; every other character, line ending and comment is kept.
   *
   * @throws dev.slipway.error.SlipwayException (terminal) when the place is missing or ambiguous,
   *     or the value cannot be written there
   */
  String write(String content, String newValue);

  /** Lines such as {@code KEY: "value"} or {@code KEY=value}, found by the key. */
  static ValueLocator envKey(String key) {
    return new EnvKeyLocator(key);
  }

  /** A scalar of a YAML document, found by a path such as {@code images[name=api].newTag}. */
  static ValueLocator yamlPath(String path) {
    return new YamlPathLocator(path);
  }
}
