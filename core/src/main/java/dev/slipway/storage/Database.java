package dev.slipway.storage;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.error.SlipwayException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;

/**
 * An open database with Slipway's schema migrated to the current version. Instants are stored as
 * {@code TIMESTAMP WITH TIME ZONE} in UTC on both H2 and PostgreSQL.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final DatabaseSettings settings;

  private Database(HikariDataSource dataSource, DatabaseSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.jdbi = Jdbi.create(dataSource);
    jdbi.registerArgument(new InstantArgumentFactory());
    jdbi.registerColumnMapper(Instant.class, instantMapper());
  }

  /** Connects, migrates the schema, and returns the open database. */
  public static Database open(DatabaseSettings settings) {
    requireNonNull(settings, "settings is null");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    settings.schema().ifPresent(config::setSchema);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(1);
    config.setPoolName("slipway");
    config.setInitializationFailTimeout(-1);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      migrate(dataSource, settings);
      return new Database(dataSource, settings);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * A {@link Jdbi} connected to no database, for parts made only to check a configuration (gates
   * take their repositories when made, and read through them only when asked): any use of it fails
   * with an internal error saying so.
   */
  public static Jdbi detached() {
    return Jdbi.create(
        () -> {
          throw new SQLException(
              "no database: this instance only checks the configuration and reads no records");
        });
  }

  private static void migrate(DataSource dataSource, DatabaseSettings settings) {
    var flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .failOnMissingLocations(true);
    settings.schema().ifPresent(schema -> flyway.schemas(schema).defaultSchema(schema));
    try {
      flyway.load().migrate();
    } catch (FlywayException e) {
      throw new SlipwayException(
          dev.slipway.error.ErrorCategory.INTERNAL,
          "cannot open the database at " + settings.describe() + ": " + rootMessage(e),
          null,
          true,
          e);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable current = error;
    while (current.getCause() != null && current.getCause() != current) {
      current = current.getCause();
    }
    return current.getMessage();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static ColumnMapper<Instant> instantMapper() {
    return (resultSet, column, context) -> {
      OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    };
  }

  /** Binds instants as UTC offset date-times, which both databases store without shifting. */
  private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
    InstantArgumentFactory() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      return (position, statement, context) -> bind(statement, position, value);
    }

    private static void bind(PreparedStatement statement, int position, Instant value)
        throws SQLException {
      statement.setObject(position, value.atOffset(ZoneOffset.UTC));
    }
  }
}
