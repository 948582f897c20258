package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What targets and checks may use besides their own settings.
 *
 * @param config the whole configuration, for references such as a named repository
 * @param dataDirectory where a plugin may keep working files (clones, caches)
 * @param secrets where credentials named by the configuration are read
 * @param clock the time
 */
public record PluginContext(
    SlipwayConfig config, Path dataDirectory, Secrets secrets, Clock clock) {
  public PluginContext {
    requireNonNull(config, "config is null");
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(secrets, "secrets is null");
    requireNonNull(clock, "clock is null");
  }
}
