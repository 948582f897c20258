package dev.slipway.release;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.build.BuildRows;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes releases and their builds. */
public final class ReleaseRepository {
  private final Jdbi jdbi;

  public ReleaseRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Stores an open release and its builds; returns its id. */
  public long insert(
      Handle handle,
      EnvironmentName environment,
      EnvironmentName source,
      ReleaseOrigin origin,
      Actor cutBy,
      List<Build> builds,
      Instant now) {
    long id =
        handle
            .createUpdate(
                "INSERT INTO releases (environment, source_environment, origin, state,"
                    + " cut_by_name, cut_by_email, cut_at, state_changed_at) VALUES"
                    + " (:environment, :source, :origin, 'OPEN', :name, :email, :now, :now)")
            .bind("environment", environment.value())
            .bind("source", source.value())
            .bind("origin", origin.name())
            .bind("name", cutBy.name())
            .bind("email", cutBy.email().orElse(null))
            .bind("now", now)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    for (Build build : builds) {
      handle
          .createUpdate(
              "INSERT INTO release_builds (release_id, component, build_id)"
                  + " VALUES (:id, :component, :build)")
          .bind("id", id)
          .bind("component", build.component().value())
          .bind("build", build.id())
          .execute();
    }
    return id;
  }

  /** Marks an open release superseded by a newer one; false when it was no longer open. */
  public boolean markSuperseded(Handle handle, long id, long by, Instant now) {
    return handle
            .createUpdate(
                "UPDATE releases SET state = 'SUPERSEDED', superseded_by = :by,"
                    + " state_changed_at = :now WHERE id = :id AND state = 'OPEN'")
            .bind("by", by)
            .bind("now", now)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Marks an open release shipped; false when it was no longer open. */
  public boolean markShipped(Handle handle, long id, Instant now) {
    return handle
            .createUpdate(
                "UPDATE releases SET state = 'SHIPPED', state_changed_at = :now"
                    + " WHERE id = :id AND state = 'OPEN'")
            .bind("now", now)
            .bind("id", id)
            .execute()
        == 1;
  }

  public Optional<Release> findRelease(long id) {
    return jdbi.withHandle(handle -> findRelease(handle, id));
  }

  public Optional<Release> findRelease(Handle handle, long id) {
    return load(handle, "WHERE r.id = :id", Map.of("id", id), 1).stream().findFirst();
  }

  public Release getRelease(long id) {
    return jdbi.withHandle(handle -> getRelease(handle, id));
  }

  public Release getRelease(Handle handle, long id) {
    return findRelease(handle, id)
        .orElseThrow(() -> SlipwayException.notFound("release %d does not exist", id));
  }

  /** The open release of an environment, if any; there is at most one. */
  public Optional<Release> findOpen(Handle handle, EnvironmentName environment) {
    return load(
            handle,
            "WHERE r.environment = :environment AND r.state = 'OPEN'",
            Map.of("environment", environment.value()),
            1)
        .stream()
        .findFirst();
  }

  /** Releases newest first, of one environment or all, at most {@code limit}. */
  public List<Release> listReleases(Optional<EnvironmentName> environment, int limit) {
    return jdbi.withHandle(
        handle ->
            environment.isPresent()
                ? load(
                    handle,
                    "WHERE r.environment = :environment",
                    Map.of("environment", environment.get().value()),
                    limit)
                : load(handle, "", Map.of(), limit));
  }

  /** Open releases of every environment. */
  public List<Release> listOpen() {
    return jdbi.withHandle(handle -> load(handle, "WHERE r.state = 'OPEN'", Map.of(), 1000));
  }

  /**
   * The builds an environment verified: those running there whose promotion succeeded. A build
   * still being verified, or one whose promotion failed, is not among them.
   */
  public List<Build> listVerified(Handle handle, EnvironmentName environment) {
    return handle
        .createQuery(
            "SELECT "
                + BuildRows.columns("b", "b_")
                + " FROM running_builds rb JOIN promotions p ON p.id = rb.promotion_id"
                + " JOIN builds b ON b.id = rb.build_id"
                + " WHERE rb.environment = :environment AND p.phase = 'SUCCEEDED'"
                + " ORDER BY rb.component")
        .bind("environment", environment.value())
        .map((rows, context) -> BuildRows.readPrefixed(rows, "b_").orElseThrow())
        .list();
  }

  private List<Release> load(
      Handle handle, String where, Map<String, Object> parameters, int limit) {
    var query =
        handle.createQuery(
            "SELECT r.* FROM releases r "
                + where
                + " ORDER BY r.id DESC FETCH FIRST :limit ROWS ONLY");
    parameters.forEach(query::bind);
    List<Release> rows = query.bind("limit", limit).map((r, context) -> readRow(r)).list();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<Build>> builds = new LinkedHashMap<>();
    handle
        .createQuery(
            "SELECT rb.release_id, "
                + BuildRows.columns("b", "b_")
                + " FROM release_builds rb JOIN builds b ON b.id = rb.build_id"
                + " WHERE rb.release_id IN (<ids>) ORDER BY rb.component")
        .bindList("ids", rows.stream().map(Release::id).toList())
        .map(
            (r, context) ->
                Map.entry(r.getLong("release_id"), BuildRows.readPrefixed(r, "b_").orElseThrow()))
        .forEach(
            entry ->
                builds
                    .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                    .add(entry.getValue()));
    return rows.stream()
        .map(row -> row.withBuilds(builds.getOrDefault(row.id(), List.of())))
        .toList();
  }

  private static Release readRow(ResultSet rows) throws SQLException {
    return new Release(
        rows.getLong("id"),
        EnvironmentName.of(rows.getString("environment")),
        EnvironmentName.of(rows.getString("source_environment")),
        ReleaseOrigin.valueOf(rows.getString("origin")),
        ReleaseState.valueOf(rows.getString("state")),
        Actor.of(rows.getString("cut_by_name"), rows.getString("cut_by_email")),
        Rows.instant(rows, "cut_at"),
        Rows.optionalLong(rows, "superseded_by"),
        Rows.instant(rows, "state_changed_at"),
        List.of());
  }
}
