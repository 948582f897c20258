package dev.slipway.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration file, located for the person fixing it.
 *
 * @param file the file as the user named it
 * @param line the 1-based line, or 0 when the problem concerns the whole file
 * @param column the 1-based column, or 0 when unknown
 * @param path the field, e.g. {@code environments.staging.components.api.targets[0].key}; empty for
 *     the document itself
 * @param message what is wrong
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {
  public ConfigProblem {
    requireNonNull(file, "file is null");
    requireNonNull(path, "path is null");
    requireNonNull(message, "message is null");
  }

  /** {@code slipway.yaml:12:7: environments.staging.policy: must be automatic or manual}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    text.append(": ");
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    return text.append(message).toString();
  }
}
