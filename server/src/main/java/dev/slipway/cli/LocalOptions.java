package dev.slipway.cli;

import dev.slipway.SlipwaySettings;
import dev.slipway.config.Secrets;
import dev.slipway.error.SlipwayException;
import dev.slipway.promotion.EngineSettings;
import dev.slipway.storage.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Option;

/** Where a server keeps its state: the configuration, the data directory and the database. */
final class LocalOptions {
  @Option(
      names = "--config",
      defaultValue = "${env:SLIPWAY_CONFIG:-slipway.yaml}",
      description = "The configuration file (env SLIPWAY_CONFIG; default ${DEFAULT-VALUE})")
  Path config;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:SLIPWAY_DATA_DIR:-slipway-data}",
      description =
          "Where the embedded database, git clones and the instance id live (env"
              + " SLIPWAY_DATA_DIR; default ${DEFAULT-VALUE})")
  Path dataDirectory;

  @Option(
      names = "--database-url",
      defaultValue = "${env:SLIPWAY_DATABASE_URL}",
      description =
          "JDBC URL of a PostgreSQL database (env SLIPWAY_DATABASE_URL); default: the embedded"
              + " H2 database in the data directory")
  String databaseUrl;

  @Option(
      names = "--database-user",
      defaultValue = "${env:SLIPWAY_DATABASE_USER}",
      description = "Database user (env SLIPWAY_DATABASE_USER)")
  String databaseUser;

  @Option(
      names = "--database-password-file",
      description = "File holding the database password (default: env SLIPWAY_DATABASE_PASSWORD)")
  Path databasePasswordFile;

  @Option(
      names = "--instance-id",
      defaultValue = "${env:SLIPWAY_INSTANCE_ID}",
      description =
          "Names this server in work leases (env SLIPWAY_INSTANCE_ID); default: an id kept in"
              + " the data directory")
  String instanceId;

  @Option(
      names = "--workers",
      defaultValue = "4",
      description = "Promotions that may run a step at once (default ${DEFAULT-VALUE})")
  int workers;

  DatabaseSettings database() {
    if (databaseUrl == null || databaseUrl.isBlank()) {
      return DatabaseSettings.embedded(dataDirectory);
    }
    if (!databaseUrl.startsWith("jdbc:postgresql:") && !databaseUrl.startsWith("jdbc:h2:")) {
      throw SlipwayException.invalid(
          "--database-url",
          "--database-url must be a jdbc:postgresql: (or jdbc:h2:) URL, not %s",
          databaseUrl.replaceAll("(?i)(password=)[^&;]*", "$1***"));
    }
    return DatabaseSettings.of(databaseUrl)
        .withCredentials(Optional.ofNullable(databaseUser), password());
  }

  SlipwaySettings settings(Clock clock) {
    return new SlipwaySettings(
        config,
        dataDirectory,
        database(),
        EngineSettings.defaults(instanceId()).withWorkers(workers),
        Secrets.fromEnvironment(),
        clock);
  }

  private Optional<String> password() {
    if (databasePasswordFile != null) {
      try {
        return Optional.of(Files.readString(databasePasswordFile, StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw SlipwayException.invalid(
            "--database-password-file", "cannot read %s: %s", databasePasswordFile, e.getMessage());
      }
    }
    return Optional.ofNullable(System.getenv("SLIPWAY_DATABASE_PASSWORD"))
        .filter(value -> !value.isEmpty());
  }

  /**
   * A stable id for this data directory, so a restarted server takes back its own leases at once
   * while two servers with their own data directories never share one.
   */
  private String instanceId() {
    if (instanceId != null && !instanceId.isBlank()) {
      return instanceId;
    }
    Path file = dataDirectory.resolve("instance-id");
    try {
      Files.createDirectories(dataDirectory);
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      String id = "slipway-" + UUID.randomUUID();
      Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the instance id in " + file, e);
    }
  }
}
