package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.build.BuildRows;
import dev.slipway.component.ComponentName;
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

/** Reads and writes promotions, their builds and their step logs. */
public final class PromotionRepository {
  private static final String BUILDS_QUERY =
      "SELECT pb.promotion_id, pb.component, pb.expected_version, pb.previous_version, "
          + BuildRows.columns("b", "b_")
          + ", "
          + BuildRows.columns("pv", "pv_")
          + " FROM promotion_builds pb"
          + " LEFT JOIN builds b ON b.id = pb.build_id"
          + " LEFT JOIN builds pv ON pv.id = pb.previous_build_id"
          + " WHERE pb.promotion_id IN (<ids>) ORDER BY pb.component";

  private final Jdbi jdbi;

  public PromotionRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** A promotion to store: its builds carry no previous versions yet. */
  public record NewPromotion(
      EnvironmentName environment,
      PromotionKind kind,
      PromotionOrigin origin,
      Actor requestedBy,
      Optional<String> reason,
      Optional<Long> revertsPromotion,
      List<PromotionBuild> builds,
      Optional<Long> release) {
    public NewPromotion {
      builds = List.copyOf(builds);
    }

    /** A promotion of loose builds, or a rollback: it carries no release. */
    public NewPromotion(
        EnvironmentName environment,
        PromotionKind kind,
        PromotionOrigin origin,
        Actor requestedBy,
        Optional<String> reason,
        Optional<Long> revertsPromotion,
        List<PromotionBuild> builds) {
      this(
          environment,
          kind,
          origin,
          requestedBy,
          reason,
          revertsPromotion,
          builds,
          Optional.empty());
    }
  }

  public long insert(Handle handle, NewPromotion promotion, Instant now) {
    long id =
        handle
            .createUpdate(
                "INSERT INTO promotions (environment, kind, origin, phase, requested_by_name,"
                    + " requested_by_email, reason, reverts_promotion_id, release_id, created_at,"
                    + " phase_changed_at, next_run_at) VALUES (:environment, :kind, :origin,"
                    + " 'PENDING', :name, :email, :reason, :reverts, :release, :now, :now,"
                    + " :now)")
            .bind("environment", promotion.environment().value())
            .bind("kind", promotion.kind().name())
            .bind("origin", promotion.origin().name())
            .bind("name", promotion.requestedBy().name())
            .bind("email", promotion.requestedBy().email().orElse(null))
            .bind("reason", promotion.reason().orElse(null))
            .bind("reverts", promotion.revertsPromotion().orElse(null))
            .bind("release", promotion.release().orElse(null))
            .bind("now", now)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    for (PromotionBuild build : promotion.builds()) {
      handle
          .createUpdate(
              "INSERT INTO promotion_builds (promotion_id, component, build_id, expected_version,"
                  + " previous_build_id, previous_version) VALUES (:id, :component, :build,"
                  + " :expected, :previousBuild, :previousVersion)")
          .bind("id", id)
          .bind("component", build.component().value())
          .bind("build", build.build().map(Build::id).orElse(null))
          .bind("expected", build.expectedVersion())
          .bind("previousBuild", build.previousBuild().map(Build::id).orElse(null))
          .bind("previousVersion", build.previousVersion().orElse(null))
          .execute();
    }
    return id;
  }

  public Optional<Promotion> findPromotion(long id) {
    return jdbi.withHandle(handle -> findPromotion(handle, id));
  }

  public Optional<Promotion> findPromotion(Handle handle, long id) {
    return load(handle, "WHERE p.id = :id", Map.of("id", id), 1).stream().findFirst();
  }

  public Promotion getPromotion(long id) {
    return findPromotion(id)
        .orElseThrow(() -> SlipwayException.notFound("promotion %d does not exist", id));
  }

  public Promotion getPromotion(Handle handle, long id) {
    return findPromotion(handle, id)
        .orElseThrow(() -> SlipwayException.notFound("promotion %d does not exist", id));
  }

  /** Promotions newest first, of one environment or all, at most {@code limit}. */
  public List<Promotion> listPromotions(Optional<EnvironmentName> environment, int limit) {
    return jdbi.withHandle(
        handle ->
            environment.isPresent()
                ? load(
                    handle,
                    "WHERE p.environment = :environment",
                    Map.of("environment", environment.get().value()),
                    limit)
                : load(handle, "", Map.of(), limit));
  }

  /** Pending promotions of an environment in the order they start: rollbacks first, then FIFO. */
  public List<Promotion> listPending(Handle handle, EnvironmentName environment) {
    List<Promotion> pending =
        load(
            handle,
            "WHERE p.environment = :environment AND p.phase = 'PENDING'",
            Map.of("environment", environment.value()),
            1000);
    List<Promotion> ordered = new ArrayList<>(pending);
    ordered.sort(
        (left, right) -> {
          if (left.kind() != right.kind()) {
            return left.kind() == PromotionKind.ROLLBACK ? -1 : 1;
          }
          return Long.compare(left.id(), right.id());
        });
    return ordered;
  }

  /** Environments that have pending promotions. */
  public List<EnvironmentName> environmentsWithPending() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT DISTINCT environment FROM promotions WHERE phase = 'PENDING'"
                        + " ORDER BY environment")
                .map((rows, context) -> EnvironmentName.of(rows.getString(1)))
                .list());
  }

  /** Ids of started, unfinished promotions due to be looked at, oldest first. */
  public List<Long> listDue(Instant now) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id FROM promotions WHERE phase IN ('DEPLOYING', 'ROLLING_OUT',"
                        + " 'VERIFYING', 'ROLLING_BACK') AND (next_run_at IS NULL OR next_run_at"
                        + " <= :now) ORDER BY id")
                .bind("now", now)
                .mapTo(Long.class)
                .list());
  }

  /** The earliest time a started promotion wants to be looked at. */
  public Optional<Instant> nextDueAt() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT MIN(next_run_at) AS due FROM promotions WHERE phase IN ('DEPLOYING',"
                        + " 'ROLLING_OUT', 'VERIFYING', 'ROLLING_BACK')")
                .map((rows, context) -> Rows.optionalInstant(rows, "due"))
                .one());
  }

  /**
   * Takes the lease of a promotion for this instance until a time. Fails (returns false) while
   * another instance holds an unexpired lease: that is how work is never done twice.
   */
  public boolean claim(long id, String owner, Instant now, Instant until) {
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE promotions SET lease_owner = :owner, lease_until = :until"
                            + " WHERE id = :id AND (lease_owner IS NULL OR lease_owner = :owner"
                            + " OR lease_until < :now)")
                    .bind("owner", owner)
                    .bind("until", until)
                    .bind("now", now)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /**
   * Extends this instance's lease of a promotion while it runs a step. False when the lease is no
   * longer this instance's: another took the promotion over after the lease ran out.
   */
  public boolean renew(long id, String owner, Instant until) {
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE promotions SET lease_until = :until"
                            + " WHERE id = :id AND lease_owner = :owner")
                    .bind("until", until)
                    .bind("id", id)
                    .bind("owner", owner)
                    .execute())
        == 1;
  }

  /**
   * In a transaction, says whether the lease of a promotion is still this instance's, and keeps it
   * so until the transaction ends: the update locks the promotion's row, so another instance's
   * claim waits for the commit. A step writes its outcome only after this answers true.
   */
  boolean holdLease(Handle handle, long id, String owner) {
    return handle
            .createUpdate(
                "UPDATE promotions SET lease_owner = :owner WHERE id = :id AND lease_owner = :owner")
            .bind("owner", owner)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Who holds the lease of a promotion now, if anyone. */
  public Optional<String> findLeaseOwner(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT lease_owner FROM promotions WHERE id = :id")
                .bind("id", id)
                .map((rows, context) -> Optional.ofNullable(rows.getString(1)))
                .findOne()
                .flatMap(owner -> owner));
  }

  public void release(long id, String owner) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE promotions SET lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = :id AND lease_owner = :owner")
                .bind("owner", owner)
                .bind("id", id)
                .execute());
  }

  /**
   * Moves a promotion from one phase to another if it is still in the first; false when someone
   * else moved it first.
   */
  boolean changePhase(
      Handle handle,
      long id,
      PromotionPhase from,
      PromotionPhase to,
      Instant now,
      Optional<String> outcome) {
    return handle
            .createUpdate(
                "UPDATE promotions SET phase = :to, phase_changed_at = :now, step_errors = 0,"
                    + " next_run_at = :next, finished_at = :finished,"
                    + " outcome = COALESCE(:outcome, outcome)"
                    + " WHERE id = :id AND phase = :from")
            .bind("to", to.name())
            .bind("from", from.name())
            .bind("now", now)
            .bind("next", to.isTerminal() ? null : now)
            .bind("finished", to.isTerminal() ? now : null)
            .bind("outcome", outcome.orElse(null))
            .bind("id", id)
            .execute()
        == 1;
  }

  public void setNextRun(Handle handle, long id, Instant at) {
    handle
        .createUpdate("UPDATE promotions SET next_run_at = :at WHERE id = :id")
        .bind("at", at)
        .bind("id", id)
        .execute();
  }

  /** Counts an unexpected step error and says when to try again. */
  public void recordStepError(Handle handle, long id, Instant retryAt) {
    handle
        .createUpdate(
            "UPDATE promotions SET step_errors = step_errors + 1, next_run_at = :at"
                + " WHERE id = :id")
        .bind("at", retryAt)
        .bind("id", id)
        .execute();
  }

  public void setDeployReference(Handle handle, long id, Optional<String> reference) {
    handle
        .createUpdate("UPDATE promotions SET deploy_ref = :reference WHERE id = :id")
        .bind("reference", reference.orElse(null))
        .bind("id", id)
        .execute();
  }

  /** Records that the previous versions were written back, and when. */
  public void setRestored(Handle handle, long id, Optional<String> reference, Instant at) {
    handle
        .createUpdate(
            "UPDATE promotions SET revert_ref = :reference, restored_at = :at WHERE id = :id")
        .bind("reference", reference.orElse(null))
        .bind("at", at)
        .bind("id", id)
        .execute();
  }

  public void setPreviousVersion(
      Handle handle, long id, ComponentName component, String previousVersion) {
    handle
        .createUpdate(
            "UPDATE promotion_builds SET previous_version = :version"
                + " WHERE promotion_id = :id AND component = :component")
        .bind("version", previousVersion)
        .bind("id", id)
        .bind("component", component.value())
        .execute();
  }

  public void setPreviousBuild(
      Handle handle,
      long id,
      ComponentName component,
      Optional<Long> previousBuildId,
      Optional<String> previousVersion) {
    handle
        .createUpdate(
            "UPDATE promotion_builds SET previous_build_id = :build, previous_version = :version"
                + " WHERE promotion_id = :id AND component = :component")
        .bind("build", previousBuildId.orElse(null))
        .bind("version", previousVersion.orElse(null))
        .bind("id", id)
        .bind("component", component.value())
        .execute();
  }

  public void appendStep(
      Handle handle, long id, Instant at, StepSeverity severity, String message) {
    handle
        .createUpdate(
            "INSERT INTO promotion_steps (promotion_id, logged_at, severity, message)"
                + " VALUES (:id, :at, :severity, :message)")
        .bind("id", id)
        .bind("at", at)
        .bind("severity", severity.name())
        .bind("message", message)
        .execute();
  }

  public List<PromotionStep> listSteps(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT logged_at, severity, message FROM promotion_steps"
                        + " WHERE promotion_id = :id ORDER BY id")
                .bind("id", id)
                .map(
                    (rows, context) ->
                        new PromotionStep(
                            Rows.instant(rows, "logged_at"),
                            StepSeverity.valueOf(rows.getString("severity")),
                            rows.getString("message")))
                .list());
  }

  /** The most recent succeeded deploy in an environment that no rollback has undone. */
  public Optional<Promotion> findLastUndoneDeploy(Handle handle, EnvironmentName environment) {
    return load(
            handle,
            "WHERE p.environment = :environment AND p.kind = 'DEPLOY' AND p.phase = 'SUCCEEDED'"
                + " AND NOT EXISTS (SELECT 1 FROM promotions r WHERE r.reverts_promotion_id = p.id"
                + " AND r.phase NOT IN ('CANCELLED', 'ERRORED'))",
            Map.of("environment", environment.value()),
            1)
        .stream()
        .findFirst();
  }

  /** Every promotion that has not ended, pending or started, newest first. */
  public List<Promotion> listUnfinished() {
    return jdbi.withHandle(
        handle ->
            load(
                handle,
                "WHERE p.phase IN ('PENDING', 'DEPLOYING', 'ROLLING_OUT', 'VERIFYING',"
                    + " 'ROLLING_BACK')",
                Map.of(),
                10_000));
  }

  /** The promotions of a release, newest first. */
  public List<Promotion> listForRelease(Handle handle, long release) {
    return load(handle, "WHERE p.release_id = :release", Map.of("release", release), 100);
  }

  /** The promotion holding an environment now, if any. */
  public Optional<Promotion> findActive(Handle handle, EnvironmentName environment) {
    return load(
            handle,
            "WHERE p.environment = :environment AND p.phase IN ('DEPLOYING', 'ROLLING_OUT',"
                + " 'VERIFYING', 'ROLLING_BACK')",
            Map.of("environment", environment.value()),
            1)
        .stream()
        .findFirst();
  }

  private List<Promotion> load(
      Handle handle, String where, Map<String, Object> parameters, int limit) {
    var query =
        handle.createQuery(
            "SELECT p.* FROM promotions p "
                + where
                + " ORDER BY p.id DESC FETCH FIRST :limit ROWS ONLY");
    parameters.forEach(query::bind);
    List<Promotion> rows = query.bind("limit", limit).map((r, context) -> readRow(r)).list();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<PromotionBuild>> builds = new LinkedHashMap<>();
    handle
        .createQuery(BUILDS_QUERY)
        .bindList("ids", rows.stream().map(Promotion::id).toList())
        .map((r, context) -> Map.entry(r.getLong("promotion_id"), readBuild(r)))
        .forEach(
            entry ->
                builds
                    .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                    .add(entry.getValue()));
    return rows.stream()
        .map(row -> row.withBuilds(builds.getOrDefault(row.id(), List.of())))
        .toList();
  }

  private static PromotionBuild readBuild(ResultSet rows) throws SQLException {
    return new PromotionBuild(
        ComponentName.of(rows.getString("component")),
        BuildRows.readPrefixed(rows, "b_"),
        rows.getString("expected_version"),
        BuildRows.readPrefixed(rows, "pv_"),
        Rows.optionalString(rows, "previous_version"));
  }

  private static Promotion readRow(ResultSet rows) throws SQLException {
    return new Promotion(
        rows.getLong("id"),
        EnvironmentName.of(rows.getString("environment")),
        PromotionKind.valueOf(rows.getString("kind")),
        PromotionOrigin.valueOf(rows.getString("origin")),
        PromotionPhase.valueOf(rows.getString("phase")),
        Actor.of(rows.getString("requested_by_name"), rows.getString("requested_by_email")),
        Rows.optionalString(rows, "reason"),
        Rows.optionalLong(rows, "reverts_promotion_id"),
        Rows.optionalLong(rows, "release_id"),
        Rows.instant(rows, "created_at"),
        Rows.instant(rows, "phase_changed_at"),
        Rows.optionalInstant(rows, "finished_at"),
        Rows.optionalInstant(rows, "next_run_at"),
        Rows.optionalString(rows, "deploy_ref"),
        Rows.optionalString(rows, "revert_ref"),
        Rows.optionalInstant(rows, "restored_at"),
        Rows.optionalString(rows, "outcome"),
        rows.getInt("step_errors"),
        List.of());
  }
}
