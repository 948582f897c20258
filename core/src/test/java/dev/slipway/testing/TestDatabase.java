package dev.slipway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.storage.Database;
import dev.slipway.storage.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The databases repository tests run on: H2 always, PostgreSQL when {@code
 * SLIPWAY_TEST_POSTGRES_URL} names one (a JDBC URL with user and password). Each opened database is
 * fresh: an in-memory H2 database, or a schema of its own on PostgreSQL, dropped when the test JVM
 * exits.
 */
public enum TestDatabase {
  H2,
  POSTGRESQL;

  public static final String POSTGRES_URL_VARIABLE = "SLIPWAY_TEST_POSTGRES_URL";
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** Opens a fresh, migrated database; skips the test when PostgreSQL is not configured. */
  public Database open() {
    return Database.open(settings());
  }

  /** Settings of a fresh database; skips the test when PostgreSQL is not configured. */
  public DatabaseSettings settings() {
    return switch (this) {
      case H2 -> DatabaseSettings.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      case POSTGRESQL -> postgresSettings();
    };
  }

  /** Skips the calling test when this database is not available here. */
  public void assumeAvailable() {
    if (this == POSTGRESQL) {
      postgresSettings();
    }
  }

  /** The PostgreSQL JDBC URL from the environment, or null. */
  public static String postgresUrl() {
    String url = System.getenv(POSTGRES_URL_VARIABLE);
    return url == null || url.isBlank() ? null : url;
  }

  private static DatabaseSettings postgresSettings() {
    String url = postgresUrl();
    if (url == null && WARNED.compareAndSet(false, true)) {
      System.err.println(
          "PostgreSQL tests skipped: set "
              + POSTGRES_URL_VARIABLE
              + " (for example jdbc:postgresql://127.0.0.1:5432/slipway?user=slipway&password=...)");
    }
    assumeTrue(url != null, POSTGRES_URL_VARIABLE + " is not set: PostgreSQL tests skipped");
    String schema =
        "test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(url, schema)));
    return DatabaseSettings.of(url).withSchema(schema);
  }

  /** Drops a test schema when the JVM exits; schemas are cheap, so tests need not wait for it. */
  private static void drop(String url, String schema) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
    }
  }
}
