package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.build.Build;
import dev.slipway.build.BuildRows;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.CaseStatus;
import dev.slipway.evidence.report.EndpointStats;
import dev.slipway.evidence.report.ReportSummary;
import dev.slipway.evidence.report.TestCaseResult;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes test runs, their cases, endpoints and raw reports. */
public final class EvidenceRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_BUILDS_QUERY =
      "SELECT rb.run_id, rb.component, rb.running_version, "
          + BuildRows.columns("b", "b_")
          + " FROM evidence_run_builds rb LEFT JOIN builds b ON b.id = rb.build_id"
          + " WHERE rb.run_id IN (<ids>) ORDER BY rb.component";
  private static final String FAILING = "('FAILED', 'ERRORED')";

  private final Jdbi jdbi;

  public EvidenceRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Starts a run's row, so its cases can refer to it; {@link #finishRun} fills in the rest. */
  long insertRun(Handle handle, EvidenceUpload upload, Actor uploadedBy, Instant now) {
    return handle
        .createUpdate(
            "INSERT INTO evidence_runs (environment, suite, report_format, started_at,"
                + " uploaded_at, uploaded_by_name, uploaded_by_email, ci_url, builds_key) VALUES"
                + " (:environment, :suite, :format, :now, :now, :name, :email, :url, :key)")
        .bind("environment", upload.environment().value())
        .bind("suite", upload.suite().value())
        .bind("format", upload.format())
        .bind("now", now)
        .bind("name", uploadedBy.name())
        .bind("email", uploadedBy.email().orElse(null))
        .bind("url", upload.ciUrl().orElse(null))
        .bind("key", buildsKey(List.of()))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** What is known once the report has been read. */
  record Finished(
      Instant startedAt,
      ReportSummary summary,
      Optional<String> straddleReason,
      List<TestedBuild> builds,
      long rawBytes,
      long rawStoredBytes,
      Optional<String> logTail) {}

  void finishRun(Handle handle, long id, Finished finished) {
    handle
        .createUpdate(
            "UPDATE evidence_runs SET started_at = :started, tests = :tests, failed = :failed,"
                + " errored = :errored, skipped = :skipped, flaky = :flaky, duration_ms ="
                + " :duration, exit_code = :exitCode, green = :green, straddled = :straddled,"
                + " straddle_reason = :reason, builds_key = :key, raw_bytes = :raw,"
                + " raw_stored_bytes = :stored, log_tail = :log WHERE id = :id")
        .bind("started", finished.startedAt())
        .bind("tests", finished.summary().tests())
        .bind("failed", finished.summary().failed())
        .bind("errored", finished.summary().errored())
        .bind("skipped", finished.summary().skipped())
        .bind("flaky", finished.summary().flaky())
        .bind("duration", finished.summary().duration().map(Duration::toMillis).orElse(null))
        .bind("exitCode", finished.summary().exitCode().orElse(null))
        .bind("green", finished.summary().green())
        .bind("straddled", finished.straddleReason().isPresent())
        .bind("reason", finished.straddleReason().orElse(null))
        .bind("key", buildsKey(finished.builds()))
        .bind("raw", finished.rawBytes())
        .bind("stored", finished.rawStoredBytes())
        .bind("log", finished.logTail().orElse(null))
        .bind("id", id)
        .execute();
    for (TestedBuild build : finished.builds()) {
      handle
          .createUpdate(
              "INSERT INTO evidence_run_builds (run_id, component, build_id, running_version)"
                  + " VALUES (:run, :component, :build, :version)")
          .bind("run", id)
          .bind("component", build.component().value())
          .bind("build", build.build().map(Build::id).orElse(null))
          .bind("version", build.version())
          .execute();
    }
  }

  /**
   * What Slipway had running in an environment at a moment: for each component, the latest change
   * at or before it.
   */
  List<TestedBuild> runningAt(Handle handle, EnvironmentName environment, Instant at) {
    return handle
        .createQuery(
            "SELECT h.component, h.running_version, "
                + BuildRows.columns("b", "b_")
                + " FROM running_build_history h LEFT JOIN builds b ON b.id = h.build_id"
                + " WHERE h.environment = :env AND h.since <= :at AND NOT EXISTS (SELECT 1 FROM"
                + " running_build_history n WHERE n.environment = h.environment AND n.component"
                + " = h.component AND n.since <= :at AND (n.since > h.since OR (n.since ="
                + " h.since AND n.id > h.id))) ORDER BY h.component")
        .bind("env", environment.value())
        .bind("at", at)
        .map(
            (rows, context) ->
                new TestedBuild(
                    ComponentName.of(rows.getString("component")),
                    BuildRows.readPrefixed(rows, "b_"),
                    rows.getString("running_version")))
        .list();
  }

  /**
   * Why a run from {@code from} to {@code to} saw more than one set of builds: the first deploy or
   * restore to the environment in between, or a deploy under way at the end.
   */
  Optional<String> findStraddle(
      Handle handle, EnvironmentName environment, Instant from, Instant to) {
    return findStraddle(handle, environment, from, to, OptionalLong.empty());
  }

  /**
   * @param ownPromotion a promotion whose own changes do not straddle the run, because the run is
   *     the verification of that promotion
   */
  Optional<String> findStraddle(
      Handle handle,
      EnvironmentName environment,
      Instant from,
      Instant to,
      OptionalLong ownPromotion) {
    Optional<String> changed =
        handle
            .createQuery(
                "SELECT component, running_version, since, promotion_id FROM"
                    + " running_build_history WHERE environment = :env AND since > :from AND"
                    + " since <= :to AND promotion_id <> :own ORDER BY since, id"
                    + " FETCH FIRST 1 ROWS ONLY")
            .bind("env", environment.value())
            .bind("from", from)
            .bind("to", to)
            .bind("own", ownPromotion.orElse(-1L))
            .map(
                (rows, context) ->
                    String.format(
                        "promotion %d put %s@%s in %s at %s, after the run started at %s",
                        rows.getLong("promotion_id"),
                        rows.getString("component"),
                        shortVersion(rows.getString("running_version")),
                        environment,
                        Rows.instant(rows, "since"),
                        from))
            .findOne();
    if (changed.isPresent()) {
      return changed;
    }
    return handle
        .createQuery(
            "SELECT id FROM promotions WHERE environment = :env AND phase = 'DEPLOYING'"
                + " ORDER BY id FETCH FIRST 1 ROWS ONLY")
        .bind("env", environment.value())
        .mapTo(Long.class)
        .findOne()
        .map(
            id ->
                String.format(
                    "promotion %d was deploying to %s when the report was uploaded",
                    id, environment));
  }

  /** When a promotion first changed what runs in an environment: the start of its deploy. */
  Optional<Instant> findDeployedAt(Handle handle, long promotionId) {
    return handle
        .createQuery(
            "SELECT MIN(since) AS deployed FROM running_build_history WHERE promotion_id = :id")
        .bind("id", promotionId)
        .map((rows, context) -> Rows.optionalInstant(rows, "deployed"))
        .one();
  }

  /** The run that records a promotion's checks. */
  Optional<Long> findPromotionRun(Handle handle, long promotionId) {
    return handle
        .createQuery("SELECT id FROM evidence_runs WHERE promotion_id = :promotion")
        .bind("promotion", promotionId)
        .mapTo(Long.class)
        .findOne();
  }

  /** Marks a run as the record of a promotion's checks; a second run for it is refused. */
  void setPromotion(Handle handle, long runId, long promotionId) {
    handle
        .createUpdate("UPDATE evidence_runs SET promotion_id = :promotion WHERE id = :id")
        .bind("promotion", promotionId)
        .bind("id", runId)
        .execute();
  }

  public Optional<EvidenceRun> findRun(long id) {
    return jdbi.withHandle(
        handle -> loadRuns(handle, "WHERE r.id = :id", Map.of("id", id), 1).stream().findFirst());
  }

  public EvidenceRun getRun(long id) {
    return findRun(id)
        .orElseThrow(() -> SlipwayException.notFound("test run %d does not exist", id));
  }

  /** Runs newest first, of one environment and suite or all, at most {@code limit}. */
  public List<EvidenceRun> listRuns(
      Optional<EnvironmentName> environment, Optional<SuiteName> suite, int limit) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> parameters = new LinkedHashMap<>();
    environment.ifPresent(
        name -> {
          conditions.add("r.environment = :environment");
          parameters.put("environment", name.value());
        });
    suite.ifPresent(
        name -> {
          conditions.add("r.suite = :suite");
          parameters.put("suite", name.value());
        });
    String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    return jdbi.withHandle(handle -> loadRuns(handle, where, parameters, limit));
  }

  /**
   * The newest run of a suite in an environment that tested every one of the given builds (and did
   * not straddle a deploy).
   */
  public Optional<EvidenceRun> findLatestRunTesting(
      EnvironmentName environment, SuiteName suite, Collection<Build> builds) {
    if (builds.isEmpty()) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        handle -> {
          var query =
              handle
                  .createQuery(
                      "SELECT r.id FROM evidence_runs r WHERE r.environment = :env AND r.suite ="
                          + " :suite AND r.straddled = FALSE AND (SELECT COUNT(*) FROM"
                          + " evidence_run_builds rb WHERE rb.run_id = r.id AND rb.build_id IN"
                          + " (<builds>)) = :count ORDER BY r.id DESC FETCH FIRST 1 ROWS ONLY")
                  .bind("env", environment.value())
                  .bind("suite", suite.value())
                  .bindList("builds", builds.stream().map(Build::id).distinct().toList())
                  .bind("count", builds.stream().map(Build::id).distinct().count());
          return query
              .mapTo(Long.class)
              .findOne()
              .flatMap(
                  id ->
                      loadRuns(handle, "WHERE r.id = :id", Map.of("id", id), 1).stream()
                          .findFirst());
        });
  }

  /** The names ({@code suite / class / name}) of the cases that failed or errored in a run. */
  public Set<String> failingCaseNames(long runId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT suite, class_name, name FROM evidence_cases WHERE run_id = :run AND"
                        + " status IN "
                        + FAILING)
                .bind("run", runId)
                .map(
                    (rows, context) ->
                        caseName(
                            rows.getString("suite"),
                            rows.getString("class_name"),
                            rows.getString("name")))
                .collect(Collectors.toCollection(java.util.TreeSet::new)));
  }

  static String caseName(String suite, String className, String name) {
    StringBuilder text = new StringBuilder();
    if (!suite.isEmpty()) {
      text.append(suite).append(" / ");
    }
    if (!className.isEmpty() && !className.equals(suite)) {
      text.append(className).append(" / ");
    }
    return text.append(name).toString();
  }

  /** Everything a person reads about one run. */
  public RunDetail getDetail(long id) {
    EvidenceRun run = getRun(id);
    return jdbi.withHandle(
        handle ->
            new RunDetail(
                run,
                loadCases(handle, run, "c.status IN " + FAILING, "c.seq", RunDetail.CASE_LIMIT),
                loadCases(handle, run, "(c.flaky OR " + flakyCondition() + ")", "c.seq", 100),
                loadCases(
                    handle, run, "c.duration_ms IS NOT NULL", "c.duration_ms DESC, c.seq", 10),
                loadEndpoints(handle, id)));
  }

  /** Every case of a run flaky across runs of the same builds, or within the run. */
  public List<RunCase> listFlakyCases(long id) {
    EvidenceRun run = getRun(id);
    return jdbi.withHandle(
        handle ->
            loadCases(
                handle, run, "(c.flaky OR " + flakyCondition() + ")", "c.seq", Integer.MAX_VALUE));
  }

  /**
   * A case is flaky on its builds when a run of the same suite on the same builds has the same case
   * with the opposite outcome.
   */
  private static String flakyCondition() {
    return "EXISTS (SELECT 1 FROM evidence_cases o JOIN evidence_runs orun ON orun.id = o.run_id"
        + " WHERE o.name = c.name AND o.class_name = c.class_name AND o.suite = c.suite"
        + " AND orun.suite = :runSuite AND orun.builds_key = :buildsKey AND o.run_id <> c.run_id"
        + " AND ((c.status = 'PASSED' AND o.status IN "
        + FAILING
        + ") OR (c.status IN "
        + FAILING
        + " AND o.status = 'PASSED')))";
  }

  private List<RunCase> loadCases(
      Handle handle, EvidenceRun run, String condition, String order, int limit) {
    String buildsKey =
        handle
            .createQuery("SELECT builds_key FROM evidence_runs WHERE id = :id")
            .bind("id", run.id())
            .mapTo(String.class)
            .one();
    return handle
        .createQuery(
            "SELECT c.*, "
                + flakyCondition()
                + " AS flaky_on_builds FROM evidence_cases c WHERE c.run_id = :run AND "
                + condition
                + " ORDER BY "
                + order
                + " FETCH FIRST :limit ROWS ONLY")
        .bind("run", run.id())
        .bind("runSuite", run.suite().value())
        .bind("buildsKey", buildsKey)
        .bind("limit", limit)
        .map((rows, context) -> new RunCase(readCase(rows), rows.getBoolean("flaky_on_builds")))
        .list();
  }

  private static TestCaseResult readCase(ResultSet rows) throws SQLException {
    return new TestCaseResult(
        rows.getString("suite"),
        rows.getString("class_name"),
        rows.getString("name"),
        CaseStatus.valueOf(rows.getString("status")),
        Rows.optionalLong(rows, "duration_ms").map(Duration::ofMillis),
        Rows.optionalString(rows, "message"),
        Rows.optionalString(rows, "details"),
        rows.getBoolean("flaky"),
        Rows.optionalString(rows, "system_out"),
        Rows.optionalString(rows, "system_err"));
  }

  /** The load-test statistics of a run, in report order. */
  public List<EndpointStats> listEndpoints(long runId) {
    return jdbi.withHandle(handle -> loadEndpoints(handle, runId));
  }

  private static List<EndpointStats> loadEndpoints(Handle handle, long runId) {
    return handle
        .createQuery("SELECT * FROM evidence_endpoints WHERE run_id = :run ORDER BY seq")
        .bind("run", runId)
        .map(
            (rows, context) ->
                new EndpointStats(
                    rows.getString("method"),
                    rows.getString("name"),
                    rows.getLong("requests"),
                    rows.getLong("failures"),
                    rows.getDouble("average_ms"),
                    readPercentiles(rows.getString("percentiles"))))
        .list();
  }

  private static Map<Double, Double> readPercentiles(String json) {
    try {
      Map<String, Double> byName = JSON.readValue(json, new TypeReference<>() {});
      Map<Double, Double> result = new TreeMap<>();
      byName.forEach((key, value) -> result.put(Double.valueOf(key), value));
      return result;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored percentiles are not JSON: " + json, e);
    }
  }

  /**
   * Copies a run's raw report, gzip-compressed as kept, chunk by chunk.
   *
   * @return false when the report is not kept (pruned by the retention)
   */
  public boolean copyRawReport(long runId, OutputStream out) {
    int chunks =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery("SELECT COUNT(*) FROM evidence_raw_chunks WHERE run_id = :run")
                    .bind("run", runId)
                    .mapTo(Integer.class)
                    .one());
    if (chunks == 0) {
      return false;
    }
    for (int seq = 0; seq < chunks; seq++) {
      int index = seq;
      byte[] chunk =
          jdbi.withHandle(
              handle ->
                  handle
                      .createQuery(
                          "SELECT content FROM evidence_raw_chunks WHERE run_id = :run AND seq ="
                              + " :seq")
                      .bind("run", runId)
                      .bind("seq", index)
                      .mapTo(byte[].class)
                      .one());
      try {
        out.write(chunk);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the raw report of test run " + runId, e);
      }
    }
    return true;
  }

  /** Runs uploaded before a moment whose raw reports are still kept, oldest first. */
  List<Long> listRawReportsBefore(Handle handle, Instant cutoff) {
    return handle
        .createQuery(
            "SELECT id FROM evidence_runs WHERE uploaded_at < :cutoff AND raw_pruned_at IS NULL"
                + " ORDER BY id")
        .bind("cutoff", cutoff)
        .mapTo(Long.class)
        .list();
  }

  void deleteRawReport(Handle handle, long runId, Instant now) {
    handle
        .createUpdate("DELETE FROM evidence_raw_chunks WHERE run_id = :run")
        .bind("run", runId)
        .execute();
    handle
        .createUpdate("UPDATE evidence_runs SET raw_pruned_at = :now WHERE id = :run")
        .bind("now", now)
        .bind("run", runId)
        .execute();
  }

  private List<EvidenceRun> loadRuns(
      Handle handle, String where, Map<String, Object> parameters, int limit) {
    var query =
        handle.createQuery(
            "SELECT r.* FROM evidence_runs r "
                + where
                + " ORDER BY r.id DESC FETCH FIRST :limit"
                + " ROWS ONLY");
    parameters.forEach(query::bind);
    List<EvidenceRun> runs = query.bind("limit", limit).map((rows, c) -> readRun(rows)).list();
    if (runs.isEmpty()) {
      return List.of();
    }
    Map<Long, List<TestedBuild>> builds = new LinkedHashMap<>();
    handle
        .createQuery(RUN_BUILDS_QUERY)
        .bindList("ids", runs.stream().map(EvidenceRun::id).toList())
        .map(
            (rows, context) ->
                Map.entry(
                    rows.getLong("run_id"),
                    new TestedBuild(
                        ComponentName.of(rows.getString("component")),
                        BuildRows.readPrefixed(rows, "b_"),
                        rows.getString("running_version"))))
        .forEach(
            entry ->
                builds
                    .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                    .add(entry.getValue()));
    return runs.stream()
        .map(run -> withBuilds(run, builds.getOrDefault(run.id(), List.of())))
        .toList();
  }

  private static EvidenceRun withBuilds(EvidenceRun run, List<TestedBuild> builds) {
    return new EvidenceRun(
        run.id(),
        run.environment(),
        run.suite(),
        run.format(),
        run.startedAt(),
        run.uploadedAt(),
        run.uploadedBy(),
        run.ciUrl(),
        run.summary(),
        run.straddleReason(),
        builds,
        run.rawBytes(),
        run.rawStoredBytes(),
        run.rawPrunedAt(),
        run.logTail());
  }

  private static EvidenceRun readRun(ResultSet rows) throws SQLException {
    Optional<Long> exitCode = Rows.optionalLong(rows, "exit_code");
    return new EvidenceRun(
        rows.getLong("id"),
        EnvironmentName.of(rows.getString("environment")),
        SuiteName.of(rows.getString("suite")),
        rows.getString("report_format"),
        Rows.instant(rows, "started_at"),
        Rows.instant(rows, "uploaded_at"),
        Actor.of(rows.getString("uploaded_by_name"), rows.getString("uploaded_by_email")),
        Rows.optionalString(rows, "ci_url"),
        new ReportSummary(
            rows.getLong("tests"),
            rows.getLong("failed"),
            rows.getLong("errored"),
            rows.getLong("skipped"),
            rows.getLong("flaky"),
            Rows.optionalLong(rows, "duration_ms").map(Duration::ofMillis),
            exitCode.map(Long::intValue)),
        Rows.optionalString(rows, "straddle_reason"),
        List.of(),
        rows.getLong("raw_bytes"),
        rows.getLong("raw_stored_bytes"),
        Rows.optionalInstant(rows, "raw_pruned_at"),
        Rows.optionalString(rows, "log_tail"));
  }

  /** The SHA-256 of the sorted {@code component@version} list: equal for runs of equal builds. */
  static String buildsKey(List<TestedBuild> builds) {
    String text =
        builds.stream()
            .map(build -> build.component() + "@" + build.version())
            .sorted()
            .collect(Collectors.joining("\n"));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String shortVersion(String version) {
    return version.matches("[0-9a-f]{40}") ? version.substring(0, 7) : version;
  }
}
