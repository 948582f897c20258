package dev.slipway.environment;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.build.BuildRows;
import dev.slipway.component.ComponentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Environments as stored: which promotion holds each one, what runs there, and which builds were
 * rejected there.
 */
public final class EnvironmentRepository {
  private static final RowMapper<RunningBuild> RUNNING =
      (rows, context) ->
          new RunningBuild(
              EnvironmentName.of(rows.getString("environment")),
              ComponentName.of(rows.getString("component")),
              BuildRows.readPrefixed(rows, "b_"),
              rows.getString("running_version"),
              Rows.instant(rows, "since"),
              rows.getLong("promotion_id"),
              Actor.of(rows.getString("deployed_by_name"), rows.getString("deployed_by_email")));
  private static final RowMapper<Rejection> REJECTION =
      (rows, context) ->
          new Rejection(
              EnvironmentName.of(rows.getString("environment")),
              BuildRows.readPrefixed(rows, "b_").orElseThrow(),
              rows.getLong("promotion_id"),
              rows.getString("reason"),
              Rows.instant(rows, "rejected_at"));
  private static final String RUNNING_QUERY =
      "SELECT r.*, "
          + BuildRows.columns("b", "b_")
          + " FROM running_builds r LEFT JOIN builds b ON b.id = r.build_id";

  private final Jdbi jdbi;

  public EnvironmentRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  /** Makes sure every configured environment has its row. */
  public void ensureExists(Collection<EnvironmentName> environments) {
    jdbi.useTransaction(
        handle -> {
          for (EnvironmentName environment : environments) {
            int exists =
                handle
                    .createQuery("SELECT COUNT(*) FROM environments WHERE name = :name")
                    .bind("name", environment.value())
                    .mapTo(Integer.class)
                    .one();
            if (exists == 0) {
              handle
                  .createUpdate("INSERT INTO environments (name) VALUES (:name)")
                  .bind("name", environment.value())
                  .execute();
            }
          }
        });
  }

  /**
   * Makes a promotion the one holding its environment, if none does. The conditional update is
   * atomic on both databases, so two instances can never both start a promotion in one environment.
   */
  public boolean occupy(Handle handle, EnvironmentName environment, long promotionId) {
    return handle
            .createUpdate(
                "UPDATE environments SET active_promotion_id = :id"
                    + " WHERE name = :name AND active_promotion_id IS NULL")
            .bind("id", promotionId)
            .bind("name", environment.value())
            .execute()
        == 1;
  }

  public void release(Handle handle, EnvironmentName environment, long promotionId) {
    handle
        .createUpdate(
            "UPDATE environments SET active_promotion_id = NULL"
                + " WHERE name = :name AND active_promotion_id = :id")
        .bind("id", promotionId)
        .bind("name", environment.value())
        .execute();
  }

  public Optional<Long> findActivePromotionId(Handle handle, EnvironmentName environment) {
    return handle
        .createQuery("SELECT active_promotion_id FROM environments WHERE name = :name")
        .bind("name", environment.value())
        .map((rows, context) -> Rows.optionalLong(rows, "active_promotion_id"))
        .findOne()
        .flatMap(id -> id);
  }

  public void setRunning(
      Handle handle,
      EnvironmentName environment,
      ComponentName component,
      Optional<Build> build,
      String version,
      Instant since,
      long promotionId,
      Actor deployedBy) {
    handle
        .createUpdate("DELETE FROM running_builds WHERE environment = :env AND component = :c")
        .bind("env", environment.value())
        .bind("c", component.value())
        .execute();
    handle
        .createUpdate(
            "INSERT INTO running_builds (environment, component, build_id, running_version, since,"
                + " promotion_id, deployed_by_name, deployed_by_email) VALUES (:env, :c, :build,"
                + " :version, :since, :promotion, :name, :email)")
        .bind("env", environment.value())
        .bind("c", component.value())
        .bind("build", build.map(Build::id).orElse(null))
        .bind("version", version)
        .bind("since", since)
        .bind("promotion", promotionId)
        .bind("name", deployedBy.name())
        .bind("email", deployedBy.email().orElse(null))
        .execute();
    // Test evidence needs what ran at any past moment, which running_builds alone forgets.
    handle
        .createUpdate(
            "INSERT INTO running_build_history (environment, component, build_id,"
                + " running_version, since, promotion_id) VALUES (:env, :c, :build, :version,"
                + " :since, :promotion)")
        .bind("env", environment.value())
        .bind("c", component.value())
        .bind("build", build.map(Build::id).orElse(null))
        .bind("version", version)
        .bind("since", since)
        .bind("promotion", promotionId)
        .execute();
  }

  public Optional<RunningBuild> findRunning(
      Handle handle, EnvironmentName environment, ComponentName component) {
    return handle
        .createQuery(RUNNING_QUERY + " WHERE r.environment = :env AND r.component = :c")
        .bind("env", environment.value())
        .bind("c", component.value())
        .map(RUNNING)
        .findOne();
  }

  /** Everything running everywhere, by environment then component. */
  public List<RunningBuild> listRunning() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(RUNNING_QUERY + " ORDER BY r.environment, r.component")
                .map(RUNNING)
                .list());
  }

  /** Records that a build failed in an environment; a second rejection keeps the first. */
  public boolean reject(
      Handle handle,
      EnvironmentName environment,
      Build build,
      long promotionId,
      String reason,
      Instant at) {
    if (isRejected(handle, environment, build)) {
      return false;
    }
    handle
        .createUpdate(
            "INSERT INTO rejections (environment, build_id, promotion_id, reason, rejected_at)"
                + " VALUES (:env, :build, :promotion, :reason, :at)")
        .bind("env", environment.value())
        .bind("build", build.id())
        .bind("promotion", promotionId)
        .bind("reason", reason)
        .bind("at", at)
        .execute();
    return true;
  }

  public boolean isRejected(Handle handle, EnvironmentName environment, Build build) {
    return handle
            .createQuery(
                "SELECT COUNT(*) FROM rejections WHERE environment = :env AND build_id = :build")
            .bind("env", environment.value())
            .bind("build", build.id())
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  public Optional<Rejection> findRejection(
      Handle handle, EnvironmentName environment, Build build) {
    return handle
        .createQuery(
            "SELECT r.*, "
                + BuildRows.columns("b", "b_")
                + " FROM rejections r JOIN builds b ON b.id = r.build_id"
                + " WHERE r.environment = :env AND r.build_id = :build")
        .bind("env", environment.value())
        .bind("build", build.id())
        .map(REJECTION)
        .findOne();
  }

  /** Rejected builds, newest first, of one environment or all. */
  public List<Rejection> listRejections(Optional<EnvironmentName> environment) {
    String where = environment.isPresent() ? " WHERE r.environment = :env" : "";
    return jdbi.withHandle(
        handle -> {
          var query =
              handle.createQuery(
                  "SELECT r.*, "
                      + BuildRows.columns("b", "b_")
                      + " FROM rejections r JOIN builds b ON b.id = r.build_id"
                      + where
                      + " ORDER BY r.rejected_at DESC");
          environment.ifPresent(name -> query.bind("env", name.value()));
          return query.map(REJECTION).list();
        });
  }
}
