package dev.slipway.build;

import dev.slipway.component.ComponentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Reads builds from rows of the {@code builds} table, possibly joined under a column prefix. */
public final class BuildRows {
  /** Reads a row of {@code SELECT * FROM builds}. */
  public static final RowMapper<Build> MAPPER = (rows, context) -> read(rows, "");

  private BuildRows() {}

  /** Reads a build whose columns carry a prefix (as {@code b_id}, {@code b_component}). */
  public static Optional<Build> readPrefixed(ResultSet rows, String prefix) throws SQLException {
    rows.getLong(prefix + "id");
    return rows.wasNull() ? Optional.empty() : Optional.of(read(rows, prefix));
  }

  /** The columns of {@code builds} under an alias, renamed with a prefix, for a select list. */
  public static String columns(String alias, String prefix) {
    StringBuilder list = new StringBuilder();
    for (String column :
        new String[] {
          "id",
          "component",
          "commit_sha",
          "version_label",
          "image",
          "ci_url",
          "registered_at",
          "registered_by_name",
          "registered_by_email"
        }) {
      if (!list.isEmpty()) {
        list.append(", ");
      }
      list.append(alias).append('.').append(column).append(" AS ").append(prefix).append(column);
    }
    return list.toString();
  }

  private static Build read(ResultSet rows, String prefix) throws SQLException {
    return new Build(
        rows.getLong(prefix + "id"),
        ComponentName.of(rows.getString(prefix + "component")),
        CommitSha.of(rows.getString(prefix + "commit_sha")),
        rows.getString(prefix + "version_label"),
        Rows.optionalString(rows, prefix + "image"),
        Rows.optionalString(rows, prefix + "ci_url"),
        Rows.instant(rows, prefix + "registered_at"),
        Actor.of(
            rows.getString(prefix + "registered_by_name"),
            rows.getString(prefix + "registered_by_email")));
  }
}
