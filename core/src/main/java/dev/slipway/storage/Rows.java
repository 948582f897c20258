package dev.slipway.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads Slipway's column conventions from result rows. */
public final class Rows {
  private Rows() {}

  public static Instant instant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    if (value == null) {
      throw new SQLException("column " + column + " is null");
    }
    return value.toInstant();
  }

  public static Optional<Instant> optionalInstant(ResultSet rows, String column)
      throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
  }

  public static Optional<String> optionalString(ResultSet rows, String column) throws SQLException {
    return Optional.ofNullable(rows.getString(column));
  }

  public static Optional<Long> optionalLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
