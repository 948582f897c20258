package dev.slipway.storage;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach the database.
 *
 * @param jdbcUrl {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}
 * @param user the database user, if the URL does not carry it
 * @param password the password, if the URL does not carry it
 * @param schema the schema to keep Slipway's tables in; empty for the default
 * @param maxPoolSize the most connections held open at once
 */
public record DatabaseSettings(
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    Optional<String> schema,
    int maxPoolSize) {
  /** Ten connections cover the engine's workers and the HTTP threads of a single instance. */
  public static final int DEFAULT_POOL_SIZE = 10;

  public DatabaseSettings {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(schema, "schema is null");
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:h2: or jdbc:postgresql:, not " + redact(jdbcUrl));
    }
  }

  /**
   * The embedded H2 database in a data directory. Commits are written at once ({@code
   * WRITE_DELAY=0}) so that a killed process loses nothing it had committed. H2 does not close it
   * from its own shutdown hook ({@code DB_CLOSE_ON_EXIT=FALSE}): a stopping server finishes its
   * promotion step and then closes the database itself.
   */
  public static DatabaseSettings embedded(Path dataDirectory) {
    Path file = dataDirectory.toAbsolutePath().normalize().resolve("slipway");
    return new DatabaseSettings(
        "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_POOL_SIZE);
  }

  public static DatabaseSettings of(String jdbcUrl) {
    return new DatabaseSettings(
        jdbcUrl, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE);
  }

  public DatabaseSettings withCredentials(Optional<String> user, Optional<String> password) {
    return new DatabaseSettings(jdbcUrl, user, password, schema, maxPoolSize);
  }

  public DatabaseSettings withSchema(String schema) {
    return new DatabaseSettings(jdbcUrl, user, password, Optional.of(schema), maxPoolSize);
  }

  public boolean isEmbedded() {
    return jdbcUrl.startsWith("jdbc:h2:");
  }

  /** The URL without a password parameter, for messages and logs. */
  public String describe() {
    return redact(jdbcUrl);
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
