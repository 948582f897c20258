package dev.slipway.testing;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.config.Secrets;
import dev.slipway.promotion.EngineSettings;
import dev.slipway.storage.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Slipway instance for tests: a configuration written to a temporary folder, a fresh database,
 * and a clock the test moves. The scheduler is not started; tests drive it with {@code
 * runUntilIdle()}.
 */
public final class TestingSlipway {
  private TestingSlipway() {}

  /** Settings with the configuration text written to {@code directory/slipway.yaml}. */
  public static SlipwaySettings settings(
      Path directory, TestDatabase database, String config, TestingClock clock) {
    return settings(directory, database.settings(), config, clock);
  }

  /**
   * Settings on a given database, such as an embedded file database that outlives one instance, so
   * a test can close a Slipway and open another on the same state.
   */
  public static SlipwaySettings settings(
      Path directory, DatabaseSettings database, String config, TestingClock clock) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("slipway.yaml");
      Files.writeString(file, config);
      return new SlipwaySettings(
          file,
          directory.resolve("data"),
          database,
          new EngineSettings("test-instance", 2, Duration.ofMinutes(2), Duration.ofMillis(200), 3),
          Secrets.fromEnvironment(),
          clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Slipway open(
      Path directory, TestDatabase database, String config, TestingClock clock) {
    return Slipway.open(settings(directory, database, config, clock));
  }

  /** The same settings for another server: another instance id in work leases. */
  public static SlipwaySettings asInstance(SlipwaySettings settings, String instanceId) {
    EngineSettings engine = settings.engine();
    return withEngine(
        settings,
        new EngineSettings(
            instanceId,
            engine.workers(),
            engine.leaseDuration(),
            engine.idlePoll(),
            engine.maxStepErrors()));
  }

  /** The same settings with work leases of another duration. */
  public static SlipwaySettings withLease(SlipwaySettings settings, Duration lease) {
    EngineSettings engine = settings.engine();
    return withEngine(
        settings,
        new EngineSettings(
            engine.instanceId(),
            engine.workers(),
            lease,
            engine.idlePoll(),
            engine.maxStepErrors()));
  }

  private static SlipwaySettings withEngine(SlipwaySettings settings, EngineSettings engine) {
    return new SlipwaySettings(
        settings.configFile(),
        settings.dataDirectory(),
        settings.database(),
        engine,
        settings.secrets(),
        settings.clock());
  }
}
