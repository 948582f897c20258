package dev.slipway.config;

import java.util.Optional;

/**
 * Where secrets come from: environment variables and files named by the configuration, never the
 * configuration itself.
 */
public interface Secrets {
  /** The value of an environment variable, if it is set and not empty. */
  Optional<String> environmentVariable(String name);

  /** The process's own environment and file system. */
  static Secrets fromEnvironment() {
    return name -> Optional.ofNullable(System.getenv(name)).filter(value -> !value.isEmpty());
  }
}
