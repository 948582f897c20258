package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.audit.AuditLog;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRepository;
import dev.slipway.config.Durations;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.ExitCodeFormat;
import dev.slipway.evidence.report.ReportFormat;
import dev.slipway.evidence.report.ReportFormats;
import dev.slipway.evidence.report.ReportListener;
import dev.slipway.evidence.report.ReportSummary;
import dev.slipway.evidence.report.TestCaseResult;
import dev.slipway.identity.Actor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test evidence: stores uploaded reports with the builds they tested, reads them back, and deletes
 * raw reports past their retention.
 */
public final class Evidence implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Evidence.class);
  private static final Duration PRUNE_INTERVAL = Duration.ofDays(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The suite under which promotions record the outcome of their checks. */
  public static final SuiteName CHECKS = SuiteName.of("checks");

  private final EvidenceRepository runs;
  private final BuildRepository builds;
  private final SlipwayConfig config;
  private final AuditLog audit;
  private final Clock clock;
  private final List<EvidenceListener> listeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService pruner;
  private ScheduledFuture<?> pruning;

  public Evidence(
      EvidenceRepository runs,
      BuildRepository builds,
      SlipwayConfig config,
      AuditLog audit,
      Clock clock) {
    this.runs = requireNonNull(runs, "runs is null");
    this.builds = requireNonNull(builds, "builds is null");
    this.config = requireNonNull(config, "config is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public EvidenceRepository runs() {
    return runs;
  }

  /** Tells a listener of every run stored from now on. */
  public void addListener(EvidenceListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /**
   * Stores a report in the format the upload names; {@code exit-code} takes the upload's exit code,
   * which it requires.
   */
  public EvidenceRun upload(EvidenceUpload upload, InputStream body, Actor uploadedBy) {
    ReportFormat format =
        upload.format().equals(ExitCodeFormat.NAME)
            ? ReportFormats.exitCode(
                upload
                    .exitCode()
                    .orElseThrow(
                        () ->
                            SlipwayException.invalid(
                                "exitCode",
                                "an exit-code report needs the exit code of the test command")))
            : ReportFormats.get(upload.format());
    return upload(upload, body, format, uploadedBy);
  }

  /**
   * Reads a report while keeping it, compressed, and stores its cases in batches, all in one
   * transaction: a report that fails to parse leaves nothing behind. The body is read once and
   * never held whole in memory.
   *
   * @throws SlipwayException an invalid-input error from the parser (naming the line and column) or
   *     for an unknown environment, build or a start time in the future
   */
  public EvidenceRun upload(
      EvidenceUpload upload, InputStream body, ReportFormat format, Actor uploadedBy) {
    requireNonNull(upload, "upload is null");
    requireNonNull(body, "body is null");
    requireNonNull(format, "format is null");
    requireNonNull(uploadedBy, "uploadedBy is null");
    config.getEnvironment(upload.environment());
    List<TestedBuild> named = new ArrayList<>();
    for (BuildRef ref : upload.builds()) {
      named.add(TestedBuild.of(builds.getBuild(ref)));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    upload
        .startedAt()
        .filter(at -> at.isAfter(now))
        .ifPresent(
            at -> {
              throw SlipwayException.invalid(
                  "startedAt", "the run cannot start in the future: %s is after %s", at, now);
            });
    long id =
        runs.jdbi()
            .inTransaction(
                handle ->
                    store(
                        handle,
                        upload,
                        body,
                        format,
                        named,
                        OptionalLong.empty(),
                        uploadedBy,
                        now));
    return stored(id);
  }

  /**
   * Stores the outcome of a promotion's checks as a run of suite {@link #CHECKS} for the builds it
   * deployed, from the deploy to now, one case per check, in a transaction of its own; see {@link
   * #recordChecks(Handle, long, EnvironmentName, List, List)}.
   *
   * @return the stored run, or empty when the promotion's checks were already recorded
   */
  public Optional<EvidenceRun> recordChecks(
      long promotionId,
      EnvironmentName environment,
      List<TestedBuild> tested,
      List<TestCaseResult> cases) {
    return runs.jdbi()
        .inTransaction(handle -> recordChecks(handle, promotionId, environment, tested, cases))
        .map(runs::getRun);
  }

  /**
   * Stores the outcome of a promotion's checks in the caller's transaction, so it commits with the
   * promotion's end or not at all. At most one run records a promotion (a unique index says so): a
   * second call stores nothing. The run's link is the promotion's API address, and its raw report a
   * small JSON document of the cases, kept like any other. Listeners hear of the run once the
   * transaction commits.
   *
   * @return the stored run's id, or empty when the promotion's checks were already recorded
   */
  public Optional<Long> recordChecks(
      Handle handle,
      long promotionId,
      EnvironmentName environment,
      List<TestedBuild> tested,
      List<TestCaseResult> cases) {
    requireNonNull(handle, "handle is null");
    requireNonNull(environment, "environment is null");
    List<TestedBuild> builds = List.copyOf(requireNonNull(tested, "tested is null"));
    List<TestCaseResult> known = List.copyOf(requireNonNull(cases, "cases is null"));
    if (runs.findPromotionRun(handle, promotionId).isPresent()) {
      return Optional.empty();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant deployedAt = runs.findDeployedAt(handle, promotionId).orElse(now);
    EvidenceUpload upload =
        EvidenceUpload.of(environment, CHECKS, CHECKS.value())
            .withCiUrl("/api/v1/promotions/" + promotionId)
            .withStartedAt(deployedAt.isAfter(now) ? now : deployedAt);
    long id =
        store(
            handle,
            upload,
            new ByteArrayInputStream(checksReport(known)),
            new KnownCases(known),
            builds,
            OptionalLong.of(promotionId),
            Actor.SLIPWAY,
            now);
    runs.setPromotion(handle, id, promotionId);
    handle.afterCommit(() -> storedAfterCommit(id));
    return Optional.of(id);
  }

  /**
   * Tells the listeners of a run stored in a caller's transaction once that committed. The caller's
   * work (a promotion's end) is committed by then, so a failure here is logged, never thrown into
   * it: the step would otherwise count as failed and be tried again.
   */
  private void storedAfterCommit(long id) {
    try {
      stored(id);
    } catch (RuntimeException e) {
      LOG.warn("could not tell the listeners of test run {}", id, e);
    }
  }

  private static byte[] checksReport(List<TestCaseResult> cases) {
    List<Map<String, Object>> checks = new ArrayList<>();
    for (TestCaseResult result : cases) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("component", result.suite());
      check.put("check", result.name());
      check.put("outcome", result.status().name());
      result.message().ifPresent(detail -> check.put("detail", detail));
      checks.add(check);
    }
    try {
      return JSON.writeValueAsBytes(Map.of("checks", checks));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("check results cannot be written as JSON", e);
    }
  }

  /** Cases already known, handed to the storage as if read from a report. */
  private record KnownCases(List<TestCaseResult> cases) implements ReportFormat {
    @Override
    public String name() {
      return CHECKS.value();
    }

    @Override
    public ReportSummary read(InputStream input, ReportListener listener) {
      long failed = 0;
      long errored = 0;
      long skipped = 0;
      for (TestCaseResult result : cases) {
        listener.testCase(result);
        switch (result.status()) {
          case FAILED -> failed++;
          case ERRORED -> errored++;
          case SKIPPED -> skipped++;
          case PASSED -> {}
        }
      }
      return new ReportSummary(
          cases.size(), failed, errored, skipped, 0, Optional.empty(), Optional.empty());
    }
  }

  private EvidenceRun stored(long id) {
    EvidenceRun run = runs.getRun(id);
    for (EvidenceListener listener : listeners) {
      try {
        listener.runStored(run);
      } catch (RuntimeException e) {
        LOG.warn("a listener failed on test run {}", run.id(), e);
      }
    }
    return run;
  }

  private long store(
      Handle handle,
      EvidenceUpload upload,
      InputStream body,
      ReportFormat format,
      List<TestedBuild> named,
      OptionalLong ownPromotion,
      Actor uploadedBy,
      Instant now) {
    long id = runs.insertRun(handle, upload, uploadedBy, now);
    RawReportOutput raw = new RawReportOutput(handle, id);
    RunWriter writer = new RunWriter(handle, id);
    ReportSummary summary;
    long rawBytes;
    try (GZIPOutputStream gzip = new GZIPOutputStream(raw, 64 * 1024)) {
      RecordingInputStream recorded = new RecordingInputStream(body, gzip);
      summary = format.read(recorded, writer);
      recorded.drain();
      rawBytes = recorded.count();
      gzip.finish();
    } catch (IOException | UncheckedIOException e) {
      throw SlipwayException.invalid(
          "body", "the report could not be read to its end: %s", e.getMessage());
    }
    writer.finish();
    if (upload.exitCode().isPresent()) {
      summary = withExitCode(summary, upload.exitCode().get());
    }
    Instant startedAt =
        upload
            .startedAt()
            .orElse(now.minus(summary.duration().orElse(Duration.ZERO)))
            .truncatedTo(ChronoUnit.MILLIS);
    List<TestedBuild> tested =
        named.isEmpty() ? runs.runningAt(handle, upload.environment(), startedAt) : named;
    Optional<String> straddle =
        runs.findStraddle(handle, upload.environment(), startedAt, now, ownPromotion);
    runs.finishRun(
        handle,
        id,
        new EvidenceRepository.Finished(
            startedAt, summary, straddle, tested, rawBytes, raw.written(), writer.logTail()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", upload.environment().value());
    details.put("suite", upload.suite().value());
    details.put("format", upload.format());
    details.put("builds", tested.stream().map(TestedBuild::shortName).toList());
    details.put("tests", summary.tests());
    details.put("failed", summary.failed() + summary.errored());
    details.put("green", summary.green());
    straddle.ifPresent(reason -> details.put("straddled", reason));
    upload.ciUrl().ifPresent(url -> details.put("url", url));
    audit.append(handle, uploadedBy, "evidence.uploaded", "evidence:" + id, details);
    return id;
  }

  private static ReportSummary withExitCode(ReportSummary summary, int exitCode) {
    return new ReportSummary(
        summary.tests(),
        summary.failed(),
        summary.errored(),
        summary.skipped(),
        summary.flaky(),
        summary.duration(),
        Optional.of(exitCode));
  }

  public Optional<EvidenceRun> findRun(long id) {
    return runs.findRun(id);
  }

  public EvidenceRun getRun(long id) {
    return runs.getRun(id);
  }

  public RunDetail getDetail(long id) {
    return runs.getDetail(id);
  }

  /** Runs newest first, of one environment and suite or all. */
  public List<EvidenceRun> listRuns(
      Optional<EnvironmentName> environment, Optional<SuiteName> suite, int limit) {
    environment.ifPresent(config::getEnvironment);
    return runs.listRuns(environment, suite, limit);
  }

  /**
   * Deletes the raw reports uploaded longer ago than the retention, keeping the runs' summaries and
   * cases; each deletion is audited.
   *
   * @return how many raw reports were deleted
   */
  public int pruneRawReports() {
    Duration retention = config.evidence().retention();
    Instant now = clock.instant();
    Instant cutoff = now.minus(retention);
    List<Long> due = runs.jdbi().withHandle(handle -> runs.listRawReportsBefore(handle, cutoff));
    for (long id : due) {
      runs.jdbi()
          .useTransaction(
              handle -> {
                runs.deleteRawReport(handle, id, now);
                audit.append(
                    handle,
                    Actor.SLIPWAY,
                    "evidence.raw-report-deleted",
                    "evidence:" + id,
                    Map.of("retention", Durations.format(retention)));
              });
    }
    if (!due.isEmpty()) {
      LOG.info(
          "Deleted {} raw test reports older than {}", due.size(), Durations.format(retention));
    }
    return due.size();
  }

  /** Prunes now and then daily, in the background. */
  public synchronized void start() {
    if (pruner != null) {
      return;
    }
    pruner =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "slipway-evidence-pruner");
              thread.setDaemon(true);
              return thread;
            });
    pruning =
        pruner.scheduleWithFixedDelay(
            this::pruneQuietly, 0, PRUNE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pruneQuietly() {
    try {
      pruneRawReports();
    } catch (RuntimeException e) {
      LOG.warn("Pruning raw test reports failed; trying again in a day", e);
    }
  }

  @Override
  public synchronized void close() {
    if (pruner != null) {
      pruning.cancel(true);
      pruner.shutdownNow();
      pruner = null;
    }
  }
}
