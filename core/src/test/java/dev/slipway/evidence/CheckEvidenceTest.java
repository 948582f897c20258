package dev.slipway.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.evidence.report.CaseStatus;
import dev.slipway.evidence.report.TestCaseResult;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionStep;
import dev.slipway.promotion.StepSeverity;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The outcome of a promotion's checks, stored as a {@code checks} run, on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class CheckEvidenceTest {
  static final CommitSha FIRST = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  static final CommitSha SECOND = CommitSha.of("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
  static final CommitSha THIRD = CommitSha.of("9f8e7d6c5b4a39281706f5e4d3c2b1a098765432");
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final ComponentName API = ComponentName.of("api");
  static final Actor CI = Actor.person("CI", "ci@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
  private SlipwaySettings settings;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of("staging.env", "API_DOCKER_TAG: \"0000000\"\n"));
    String config =
        """
        repositories:
          manifests:
            url: %s
        components:
          api: {}
        environments:
          staging:
            policy: automatic
            bakeTime: 1m
            rolloutTimeout: 5m
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(manifests.url(), status.url());
    settings = TestingSlipway.settings(directory.resolve("slipway"), database, config, clock);
    slipway = Slipway.open(settings);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    status.close();
  }

  /**
   * Registers a build and runs its automatic promotion to staging, the status endpoint reporting
   * the new commit until the bake starts and then the given version.
   */
  private Promotion promote(CommitSha commit, String reportedWhileBaking) {
    startBaking(commit);
    status.reportVersion(reportedWhileBaking);
    runFiveMinutes();
    return latestPromotion();
  }

  /** Registers a build and runs its automatic promotion to staging into its bake time. */
  private void startBaking(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    slipway.engine().scheduler().runUntilIdle();
    status.reportVersion(commit.shortSha());
    clock.advance(Duration.ofSeconds(20));
    slipway.engine().scheduler().runUntilIdle();
  }

  private void runFiveMinutes() {
    for (int i = 0; i < 15; i++) {
      clock.advance(Duration.ofSeconds(20));
      slipway.engine().scheduler().runUntilIdle();
    }
  }

  private Promotion latestPromotion() {
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
  }

  /** Stops the server and starts another on the same database, as a restart does. */
  private void restart() {
    slipway.close();
    slipway = Slipway.open(settings);
  }

  private <T> T read(Function<Handle, T> reading) {
    return slipway.database().jdbi().withHandle(reading::apply);
  }

  /** A promotion's phase and its checks runs, as one connection to the database sees them. */
  private static String endAsSeenBy(Handle handle, long promotionId) {
    String phase =
        handle
            .createQuery("SELECT phase FROM promotions WHERE id = :id")
            .bind("id", promotionId)
            .mapTo(String.class)
            .one();
    long runs =
        handle
            .createQuery(
                "SELECT COUNT(*) FROM evidence_runs WHERE promotion_id = :id AND suite = 'checks'")
            .bind("id", promotionId)
            .mapTo(Long.class)
            .one();
    return phase + " with " + runs + " checks run(s)";
  }

  /** What another connection, one not in the caller's transaction, sees of a promotion's end. */
  private String endAsSeenFromAnotherConnection(long promotionId) {
    return CompletableFuture.supplyAsync(
            () -> slipway.database().jdbi().withHandle(other -> endAsSeenBy(other, promotionId)))
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  /** How many rows the evidence tables hold, and how many uploads the audit log records. */
  private Map<String, Long> evidenceRows() {
    return slipway
        .database()
        .jdbi()
        .withHandle(
            handle -> {
              Map<String, Long> rows = new LinkedHashMap<>();
              for (String table :
                  List.of(
                      "evidence_runs",
                      "evidence_run_builds",
                      "evidence_cases",
                      "evidence_raw_chunks")) {
                rows.put(
                    table,
                    handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
              }
              rows.put(
                  "audited uploads",
                  handle
                      .createQuery(
                          "SELECT COUNT(*) FROM audit_events WHERE action = 'evidence.uploaded'")
                      .mapTo(Long.class)
                      .one());
              return rows;
            });
  }

  private List<String> recordingWarnings(Promotion promotion) {
    return slipway.engine().promotions().listSteps(promotion.id()).stream()
        .filter(step -> step.severity() == StepSeverity.WARNING)
        .map(PromotionStep::message)
        .filter(message -> message.startsWith("The outcome of the checks could not be recorded"))
        .toList();
  }

  private List<EvidenceRun> checkRuns() {
    return slipway.evidence().listRuns(Optional.of(STAGING), Optional.of(Evidence.CHECKS), 10);
  }

  @Test
  void aSucceededPromotionRecordsAGreenChecksRunForExactlyItsBuilds() {
    promote(FIRST, FIRST.shortSha());
    Promotion second = promote(SECOND, SECOND.shortSha());
    assertThat(second.phase()).isEqualTo(PromotionPhase.SUCCEEDED);

    List<EvidenceRun> runs = checkRuns();
    assertThat(runs).hasSize(2);
    EvidenceRun run = runs.get(0);
    assertThat(run.green()).isTrue();
    assertThat(run.verdict()).as("its own deploy does not straddle it").isEqualTo("passed");
    assertThat(run.builds())
        .extracting(TestedBuild::shortName)
        .containsExactly("api@" + SECOND.shortSha());
    assertThat(run.ciUrl()).contains("/api/v1/promotions/" + second.id());
    assertThat(run.startedAt())
        .as("started at the deploy")
        .isEqualTo(
            slipway
                .database()
                .jdbi()
                .withHandle(handle -> slipway.environments().findRunning(handle, STAGING, API))
                .orElseThrow()
                .since());
    assertThat(run.uploadedAt()).isEqualTo(second.finishedAt().orElseThrow());
    assertThat(run.summary().tests()).isEqualTo(1);
    assertThat(run.rawStoredBytes()).isPositive();
  }

  @Test
  void aFailedPromotionRecordsARedRunNamingTheFailingCheckAndItsDetail() {
    promote(FIRST, FIRST.shortSha());
    Promotion failed = promote(SECOND, FIRST.shortSha());
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);

    EvidenceRun run = checkRuns().get(0);
    assertThat(run.green()).isFalse();
    assertThat(run.verdict()).isEqualTo("failed");
    assertThat(run.ciUrl()).contains("/api/v1/promotions/" + failed.id());
    assertThat(run.builds())
        .extracting(TestedBuild::shortName)
        .containsExactly("api@" + SECOND.shortSha());
    List<RunCase> cases = slipway.evidence().getDetail(run.id()).failedCases();
    assertThat(cases).hasSize(1);
    TestCaseResult check = cases.get(0).result();
    assertThat(check.suite()).isEqualTo("api");
    assertThat(check.status()).isEqualTo(CaseStatus.FAILED);
    assertThat(failed.outcome().orElseThrow()).contains(check.name());
    assertThat(check.message().orElseThrow()).contains(FIRST.shortSha());
    assertThat(failed.outcome().orElseThrow()).contains(check.message().orElseThrow());
  }

  @Test
  void recordingTheSamePromotionAgainStoresNothing() {
    Promotion promotion = promote(FIRST, FIRST.shortSha());
    EvidenceRun run = checkRuns().get(0);

    Optional<EvidenceRun> again =
        slipway
            .evidence()
            .recordChecks(
                promotion.id(),
                STAGING,
                run.builds(),
                List.of(
                    new TestCaseResult(
                        "api",
                        "status",
                        "status",
                        CaseStatus.FAILED,
                        Optional.empty(),
                        Optional.of("a second telling"),
                        Optional.empty(),
                        false)));

    assertThat(again).isEmpty();
    assertThat(checkRuns()).containsExactly(run);
  }

  @Test
  void aListenerThatFailsHasItsWritesUndoneWhileThePromotionsEndAndItsChecksRunStand() {
    promote(FIRST, FIRST.shortSha());
    slipway
        .engine()
        .addVerificationListener(
            (handle, end) -> {
              handle.execute(
                  "UPDATE promotions SET reason = 'written by a failing listener' WHERE id = ?",
                  end.promotion().id());
              throw new IllegalStateException("the listener's store is gone");
            });

    Promotion second = promote(SECOND, SECOND.shortSha());

    assertThat(second.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(second.reason()).isNotEqualTo(Optional.of("written by a failing listener"));
    assertThat(slipway.engine().promotions().listSteps(second.id()))
        .filteredOn(step -> step.severity() == StepSeverity.WARNING)
        .extracting(PromotionStep::message)
        .containsExactly(
            "The outcome of the checks could not be recorded: the listener's store is gone");
    assertThat(checkRuns())
        .as("the checks run, stored before the failing listener ran, commits with the end")
        .hasSize(2)
        .first()
        .satisfies(run -> assertThat(run.ciUrl()).contains("/api/v1/promotions/" + second.id()));
  }

  @Test
  void theDatabaseRefusesASecondChecksRunForOnePromotionWhileRunsOfNoPromotionAreMany() {
    Promotion first = promote(FIRST, FIRST.shortSha());
    promote(SECOND, SECOND.shortSha());
    List<EvidenceRun> runs = checkRuns();
    assertThat(runs).hasSize(2);
    slipway
        .database()
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "UPDATE evidence_runs SET promotion_id = NULL WHERE id = ?", runs.get(1).id()));
    slipway
        .database()
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "UPDATE evidence_runs SET promotion_id = NULL WHERE id = ?", runs.get(0).id()));
    long unlinked =
        read(
            handle ->
                handle
                    .createQuery("SELECT COUNT(*) FROM evidence_runs WHERE promotion_id IS NULL")
                    .mapTo(Long.class)
                    .one());
    assertThat(unlinked).as("runs of no promotion, such as uploaded ones, are many").isEqualTo(2);
    slipway
        .database()
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "UPDATE evidence_runs SET promotion_id = ? WHERE id = ?",
                    first.id(),
                    runs.get(1).id()));

    assertThatThrownBy(
            () ->
                slipway
                    .database()
                    .jdbi()
                    .useHandle(
                        handle ->
                            handle.execute(
                                "UPDATE evidence_runs SET promotion_id = ? WHERE id = ?",
                                first.id(),
                                runs.get(0).id())))
        .satisfies(
            refused ->
                assertThat(refused.getMessage()).containsIgnoringCase("evidence_runs_promotion"));
  }

  @Test
  void aBuildThatNeverRollsOutRecordsARedRunWithWhatTheCheckSawInstead() {
    promote(FIRST, FIRST.shortSha());
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, SECOND, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    slipway.engine().scheduler().runUntilIdle();
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(20));
      slipway.engine().scheduler().runUntilIdle();
    }
    Promotion failed = slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);

    EvidenceRun run = checkRuns().get(0);
    assertThat(run.ciUrl()).contains("/api/v1/promotions/" + failed.id());
    assertThat(run.green()).isFalse();
    assertThat(run.builds())
        .extracting(TestedBuild::shortName)
        .containsExactly("api@" + SECOND.shortSha());
    TestCaseResult check = slipway.evidence().getDetail(run.id()).failedCases().get(0).result();
    assertThat(check.message().orElseThrow()).contains(FIRST.shortSha());
  }

  @Test
  void theChecksRunCommitsInTheTransactionThatEndsThePromotionAndListenersHearOfItAfterwards() {
    promote(FIRST, FIRST.shortSha());
    List<String> seen = new CopyOnWriteArrayList<>();
    slipway
        .engine()
        .addVerificationListener(
            (handle, end) -> {
              long id = end.promotion().id();
              seen.add("in its transaction: " + endAsSeenBy(handle, id));
              seen.add("from another connection: " + endAsSeenFromAnotherConnection(id));
            });
    slipway
        .evidence()
        .addListener(
            run ->
                seen.add(
                    "told of the run: "
                        + endAsSeenFromAnotherConnection(
                            Long.parseLong(
                                run.ciUrl().orElseThrow().replace("/api/v1/promotions/", "")))));

    Promotion second = promote(SECOND, SECOND.shortSha());

    assertThat(second.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(seen)
        .as("a server stopping before that commit has neither the end nor the run")
        .containsExactly(
            "in its transaction: SUCCEEDED with 1 checks run(s)",
            "from another connection: VERIFYING with 0 checks run(s)",
            "told of the run: SUCCEEDED with 1 checks run(s)");
    String committed = read(handle -> endAsSeenBy(handle, second.id()));
    assertThat(committed).isEqualTo("SUCCEEDED with 1 checks run(s)");
  }

  @Test
  void aRunTheDatabaseRefusesIsUndoneWholeWhileThePromotionEndsAsItShouldWithAWarning() {
    promote(FIRST, FIRST.shortSha());
    Map<String, Long> before = evidenceRows();
    long lastRun = checkRuns().get(0).id();
    // The database refuses to link any further run to its promotion: the last write of storing
    // one, after its cases, builds, raw report and audit entry.
    slipway
        .database()
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "ALTER TABLE evidence_runs ADD CONSTRAINT refuse_new_checks_runs"
                        + " CHECK (promotion_id IS NULL OR id <= "
                        + lastRun
                        + ")"));
    List<EvidenceRun> told = new CopyOnWriteArrayList<>();
    slipway.evidence().addListener(told::add);

    Promotion failed = promote(SECOND, FIRST.shortSha());
    Promotion succeeded = promote(THIRD, THIRD.shortSha());

    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow()).contains(FIRST.shortSha());
    assertThat(succeeded.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    for (Promotion ended : List.of(failed, succeeded)) {
      assertThat(recordingWarnings(ended))
          .as("warnings of promotion %s", ended.id())
          .singleElement()
          .satisfies(warning -> assertThat(warning).containsIgnoringCase("refuse_new_checks_runs"));
    }
    assertThat(evidenceRows()).as("no part of either run is left").isEqualTo(before);
    assertThat(told).as("listeners hear only of committed runs").isEmpty();
  }

  @Test
  void aServerRestartedDuringTheBakeRecordsThePromotionOnceAndAnotherRestartNothingMore() {
    Promotion first = promote(FIRST, FIRST.shortSha());
    startBaking(SECOND);
    assertThat(latestPromotion().phase()).isEqualTo(PromotionPhase.VERIFYING);

    restart();
    runFiveMinutes();
    Promotion second = latestPromotion();
    assertThat(second.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    List<EvidenceRun> runs = checkRuns();
    assertThat(runs)
        .extracting(run -> run.ciUrl().orElseThrow())
        .containsExactly("/api/v1/promotions/" + second.id(), "/api/v1/promotions/" + first.id());

    restart();
    runFiveMinutes();
    Optional<Long> again =
        slipway
            .database()
            .jdbi()
            .inTransaction(
                handle ->
                    slipway
                        .evidence()
                        .recordChecks(
                            handle, second.id(), STAGING, runs.get(0).builds(), List.of()));

    assertThat(again).isEmpty();
    assertThat(checkRuns()).isEqualTo(runs);
  }

  @Test
  void upgradingLinksTheChecksRunsAlreadyStoredToTheirPromotions() {
    Promotion first = promote(FIRST, FIRST.shortSha());
    Promotion second = promote(SECOND, SECOND.shortSha());
    List<EvidenceRun> runs = checkRuns();
    // What a database from before the promotion column held: runs naming their promotion by
    // link only.
    slipway
        .database()
        .jdbi()
        .useHandle(
            handle -> {
              handle.execute("DROP INDEX evidence_runs_promotion");
              handle.execute("ALTER TABLE evidence_runs DROP COLUMN promotion_id");
              handle.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '6'");
            });

    restart();

    List<Long> linked =
        read(
            handle ->
                handle
                    .createQuery(
                        "SELECT promotion_id FROM evidence_runs WHERE suite = 'checks'"
                            + " ORDER BY id DESC")
                    .mapTo(Long.class)
                    .list());
    assertThat(linked).containsExactly(second.id(), first.id());
    assertThat(checkRuns()).isEqualTo(runs);
    assertThatThrownBy(
            () ->
                slipway
                    .evidence()
                    .runs()
                    .jdbi()
                    .useHandle(
                        handle ->
                            handle.execute(
                                "UPDATE evidence_runs SET promotion_id = ? WHERE id = ?",
                                first.id(),
                                runs.get(0).id())))
        .as("the index is back")
        .satisfies(
            refused ->
                assertThat(refused.getMessage()).containsIgnoringCase("evidence_runs_promotion"));
  }
}
