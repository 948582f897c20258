package dev.slipway;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.Secrets;
import dev.slipway.promotion.EngineSettings;
import dev.slipway.storage.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a Slipway instance is made from.
 *
 * @param configFile the {@code slipway.yaml} to load
 * @param dataDirectory where the embedded database, clones and the instance id live
 * @param database where state is stored
 * @param engine how promotions run
 * @param secrets where credentials named in the configuration are read
 * @param clock the time
 */
public record SlipwaySettings(
    Path configFile,
    Path dataDirectory,
    DatabaseSettings database,
    EngineSettings engine,
    Secrets secrets,
    Clock clock) {
  public SlipwaySettings {
    requireNonNull(configFile, "configFile is null");
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(database, "database is null");
    requireNonNull(engine, "engine is null");
    requireNonNull(secrets, "secrets is null");
    requireNonNull(clock, "clock is null");
  }
}
