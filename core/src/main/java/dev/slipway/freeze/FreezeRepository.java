package dev.slipway.freeze;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes declared freezes and freeze overrides. */
public final class FreezeRepository {
  private final Jdbi jdbi;

  public FreezeRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** The declared freezes in force in an environment, oldest first. */
  public List<Freeze> listInForce(EnvironmentName environment) {
    return jdbi.withHandle(handle -> listInForce(handle, environment));
  }

  List<Freeze> listInForce(Handle handle, EnvironmentName environment) {
    return handle
        .createQuery(
            "SELECT * FROM freezes WHERE environment = :environment AND lifted_at IS NULL"
                + " ORDER BY id")
        .bind("environment", environment.value())
        .map((rows, context) -> read(rows))
        .list();
  }

  /** Declared freezes, newest first, of one environment or all, at most {@code limit}. */
  public List<Freeze> listFreezes(Optional<EnvironmentName> environment, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM freezes"
                        + (environment.isPresent() ? " WHERE environment = :environment" : "")
                        + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("environment", environment.map(EnvironmentName::value).orElse(null))
                .bind("limit", limit)
                .map((rows, context) -> read(rows))
                .list());
  }

  long insert(Handle handle, EnvironmentName environment, String reason, Actor actor, Instant at) {
    return handle
        .createUpdate(
            "INSERT INTO freezes (environment, reason, declared_at, declared_by_name,"
                + " declared_by_email) VALUES (:environment, :reason, :at, :name, :email)")
        .bind("environment", environment.value())
        .bind("reason", reason)
        .bind("at", at)
        .bind("name", actor.name())
        .bind("email", actor.email().orElse(null))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** Lifts a freeze if it is still in force; false when someone lifted it first. */
  boolean lift(Handle handle, long id, Actor actor, Optional<String> reason, Instant at) {
    return handle
            .createUpdate(
                "UPDATE freezes SET lifted_at = :at, lifted_by_name = :name,"
                    + " lifted_by_email = :email, lift_reason = :reason"
                    + " WHERE id = :id AND lifted_at IS NULL")
            .bind("at", at)
            .bind("name", actor.name())
            .bind("email", actor.email().orElse(null))
            .bind("reason", reason.orElse(null))
            .bind("id", id)
            .execute()
        == 1;
  }

  public Optional<Freeze> findFreeze(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM freezes WHERE id = :id")
                .bind("id", id)
                .map((rows, context) -> read(rows))
                .findOne());
  }

  public Optional<FreezeOverride> findOverride(long promotionId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM freeze_overrides WHERE promotion_id = :id")
                .bind("id", promotionId)
                .map(
                    (rows, context) ->
                        new FreezeOverride(
                            rows.getLong("promotion_id"),
                            Actor.of(
                                rows.getString("overridden_by_name"),
                                rows.getString("overridden_by_email")),
                            rows.getString("reason"),
                            Rows.instant(rows, "overridden_at")))
                .findOne());
  }

  /** Records an override; false when the promotion already has one. */
  boolean insertOverride(Handle handle, FreezeOverride override) {
    boolean exists =
        handle
                .createQuery("SELECT COUNT(*) FROM freeze_overrides WHERE promotion_id = :id")
                .bind("id", override.promotionId())
                .mapTo(Integer.class)
                .one()
            > 0;
    if (exists) {
      return false;
    }
    handle
        .createUpdate(
            "INSERT INTO freeze_overrides (promotion_id, overridden_by_name, overridden_by_email,"
                + " reason, overridden_at) VALUES (:id, :name, :email, :reason, :at)")
        .bind("id", override.promotionId())
        .bind("name", override.overriddenBy().name())
        .bind("email", override.overriddenBy().email().orElse(null))
        .bind("reason", override.reason())
        .bind("at", override.at())
        .execute();
    return true;
  }

  private static Freeze read(ResultSet rows) throws SQLException {
    String liftedByEmail = rows.getString("lifted_by_email");
    return new Freeze(
        rows.getLong("id"),
        EnvironmentName.of(rows.getString("environment")),
        rows.getString("reason"),
        Rows.instant(rows, "declared_at"),
        Actor.of(rows.getString("declared_by_name"), rows.getString("declared_by_email")),
        Rows.optionalInstant(rows, "lifted_at"),
        Rows.optionalString(rows, "lifted_by_name").map(name -> Actor.of(name, liftedByEmail)),
        Rows.optionalString(rows, "lift_reason"));
  }
}
