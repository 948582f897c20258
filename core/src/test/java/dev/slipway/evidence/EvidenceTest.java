package dev.slipway.evidence;

import static dev.slipway.testing.TestingReportFormat.failed;
import static dev.slipway.testing.TestingReportFormat.passed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.TestCaseResult;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingReportFormat;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Uploading, reading and pruning test runs, on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class EvidenceTest {
  static final CommitSha FIRST = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  static final CommitSha SECOND = CommitSha.of("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final ComponentName API = ComponentName.of("api");
  static final SuiteName SMOKE = SuiteName.of("smoke");
  static final Actor CI = Actor.person("CI", "ci@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
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
        evidence:
          retention: 30d
        """
            .formatted(manifests.url(), status.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    status.close();
  }

  /** Registers a build and runs its automatic promotion to staging until it succeeds. */
  private Instant deploy(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    slipway.engine().scheduler().runUntilIdle();
    Instant deployedAt = clock.instant();
    status.reportVersion(commit.shortSha());
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(20));
      slipway.engine().scheduler().runUntilIdle();
    }
    Promotion promotion =
        slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
    assertThat(promotion.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    return deployedAt;
  }

  private EvidenceRun upload(EvidenceUpload upload, List<TestCaseResult> cases) {
    return slipway
        .evidence()
        .upload(
            upload,
            new ByteArrayInputStream("<testsuite/>".getBytes(UTF_8)),
            TestingReportFormat.of(cases),
            CI);
  }

  private static EvidenceUpload smoke() {
    return EvidenceUpload.of(STAGING, SMOKE, "junit");
  }

  private long count(String table) {
    return slipway
        .database()
        .jdbi()
        .withHandle(
            handle -> handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  @Test
  void attachesARunToTheBuildsRunningWhenItStarted() {
    Instant firstDeployed = deploy(FIRST);
    clock.advance(Duration.ofMinutes(10));
    Instant betweenDeploys = clock.instant();
    clock.advance(Duration.ofMinutes(10));
    deploy(SECOND);
    clock.advance(Duration.ofMinutes(10));

    EvidenceRun before = upload(smoke().withStartedAt(firstDeployed.minusSeconds(1)), List.of());
    EvidenceRun during = upload(smoke().withStartedAt(betweenDeploys), List.of());
    EvidenceRun now = upload(smoke(), List.of(passed("smoke", "home page loads")));

    assertThat(before.builds()).isEmpty();
    assertThat(during.builds())
        .extracting(TestedBuild::shortName)
        .containsExactly("api@" + FIRST.shortSha());
    assertThat(now.builds())
        .extracting(TestedBuild::shortName)
        .containsExactly("api@" + SECOND.shortSha());
    assertThat(now.startedAt())
        .as("without a start time, the run started its report's duration before the upload")
        .isEqualTo(clock.instant().minus(Duration.ofMinutes(2)));
    assertThat(now.straddled()).isFalse();
    assertThat(now.green()).isTrue();
  }

  @Test
  void aRunDuringWhichADeployHappenedIsMarkedStraddled() {
    deploy(FIRST);
    clock.advance(Duration.ofMinutes(5));
    Instant started = clock.instant();
    clock.advance(Duration.ofMinutes(1));
    deploy(SECOND);

    EvidenceRun run =
        upload(smoke().withStartedAt(started), List.of(passed("smoke", "home page loads")));

    assertThat(run.straddled()).isTrue();
    assertThat(run.verdict()).isEqualTo("straddled");
    assertThat(run.straddleReason().orElseThrow())
        .contains("put api@" + SECOND.shortSha() + " in staging");
    assertThat(run.builds())
        .extracting(TestedBuild::shortName)
        .as("the builds running when it started")
        .containsExactly("api@" + FIRST.shortSha());
  }

  @Test
  void buildsNamedByTheUploadReplaceSlipwaysRecord() {
    deploy(FIRST);
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, SECOND, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);

    EvidenceRun run = upload(smoke().withBuilds(List.of(new BuildRef(API, SECOND))), List.of());

    assertThat(run.builds())
        .extracting(TestedBuild::shortName)
        .containsExactly("api@" + SECOND.shortSha());
    assertThatThrownBy(
            () ->
                upload(
                    smoke()
                        .withBuilds(
                            List.of(
                                new BuildRef(
                                    API,
                                    CommitSha.of("ffffffffffffffffffffffffffffffffffffffff")))),
                    List.of()))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("is not registered");
  }

  @Test
  void aMalformedReportStoresNothing() {
    deploy(FIRST);
    long auditBefore = count("audit_events");
    // The deploy's checks are already stored as a run: what the report leaves is counted from here.
    Map<String, Long> before = new java.util.HashMap<>();
    for (String table :
        List.of("evidence_runs", "evidence_cases", "evidence_run_builds", "evidence_raw_chunks")) {
      before.put(table, count(table));
    }
    List<TestCaseResult> cases = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      cases.add(passed("smoke", "case " + i));
    }

    assertThatThrownBy(
            () ->
                slipway
                    .evidence()
                    .upload(
                        smoke(),
                        new ByteArrayInputStream(new byte[2_000_000]),
                        TestingReportFormat.malformedAfter(cases, 1100),
                        CI))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("line 3, column 7")
        .extracting(e -> ((SlipwayException) e).category())
        .isEqualTo(ErrorCategory.USER);

    before.forEach((table, rows) -> assertThat(count(table)).as(table).isEqualTo(rows));
    assertThat(count("audit_events")).isEqualTo(auditBefore);
  }

  @Test
  void keepsTheRawReportCompressedAndGivesItBackWhole() throws IOException {
    byte[] report = new byte[3 * RawReportOutput.CHUNK_SIZE];
    new Random(7).nextBytes(report);

    EvidenceRun run =
        slipway
            .evidence()
            .upload(
                smoke(),
                new ByteArrayInputStream(report),
                TestingReportFormat.of(List.of(passed("smoke", "a"))),
                CI);

    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    assertThat(slipway.evidence().runs().copyRawReport(run.id(), kept)).isTrue();
    try (GZIPInputStream unzipped =
        new GZIPInputStream(new ByteArrayInputStream(kept.toByteArray()))) {
      assertThat(unzipped.readAllBytes()).isEqualTo(report);
    }
    assertThat(run.rawBytes()).isEqualTo(report.length);
    assertThat(run.rawStoredBytes()).isEqualTo(kept.size());
    assertThat(count("evidence_raw_chunks")).isGreaterThan(1);
  }

  @Test
  void showsFailedCasesWithTheirMessagesAndTheSlowestCases() {
    deploy(FIRST);
    EvidenceRun run =
        upload(
            smoke(),
            List.of(
                passed("smoke", "home page loads"),
                failed("smoke", "sign-in works", "expected 200 but was 502"),
                passed("smoke", "status is ok")));

    RunDetail detail = slipway.evidence().getDetail(run.id());

    assertThat(run.green()).isFalse();
    assertThat(run.verdict()).isEqualTo("failed");
    assertThat(run.summary().tests()).isEqualTo(3);
    assertThat(detail.failedCases())
        .extracting(c -> c.result().name() + ": " + c.result().message().orElseThrow())
        .containsExactly("sign-in works: expected 200 but was 502");
    assertThat(detail.failedCases().get(0).result().details().orElseThrow())
        .contains("AssertionError");
    assertThat(detail.slowestCases().get(0).result().name()).isEqualTo("sign-in works");
    assertThat(detail.flakyCases()).isEmpty();
  }

  @Test
  void keepsWhatAFailedCasePrintedTruncatedWhenLong() {
    String longOutput = "x".repeat(RunWriter.OUTPUT_LIMIT * 2);
    TestCaseResult printed =
        new TestCaseResult(
            "smoke",
            "smoke",
            "sign-in works",
            dev.slipway.evidence.report.CaseStatus.FAILED,
            Optional.empty(),
            Optional.of("expected 200"),
            Optional.empty(),
            false,
            Optional.of(longOutput),
            Optional.of("WARN pool exhausted"));

    EvidenceRun run = upload(smoke(), List.of(printed));

    TestCaseResult kept = slipway.evidence().getDetail(run.id()).failedCases().get(0).result();
    assertThat(kept.systemErr()).contains("WARN pool exhausted");
    assertThat(kept.systemOut().orElseThrow())
        .hasSize(RunWriter.OUTPUT_LIMIT)
        .endsWith("(truncated)");
  }

  @Test
  void flagsACaseThatPassedAndFailedOnTheSameBuildsAsFlaky() {
    deploy(FIRST);
    EvidenceRun red =
        upload(
            smoke(),
            List.of(
                passed("smoke", "home page loads"), failed("smoke", "sign-in works", "timed out")));
    EvidenceRun green =
        upload(
            smoke(), List.of(passed("smoke", "home page loads"), passed("smoke", "sign-in works")));
    deploy(SECOND);
    EvidenceRun otherBuilds =
        upload(
            smoke(), List.of(passed("smoke", "home page loads"), passed("smoke", "sign-in works")));

    assertThat(slipway.evidence().getDetail(red.id()).flakyCases())
        .extracting(c -> c.result().name())
        .containsExactly("sign-in works");
    assertThat(slipway.evidence().getDetail(green.id()).flakyCases())
        .extracting(c -> c.result().name())
        .containsExactly("sign-in works");
    assertThat(slipway.evidence().getDetail(otherBuilds.id()).flakyCases())
        .as("a pass on other builds says nothing about flakiness")
        .isEmpty();
  }

  @Test
  void listsRunsNewestFirstByEnvironmentAndSuite() {
    EvidenceRun smoke = upload(smoke(), List.of());
    EvidenceRun e2e = upload(EvidenceUpload.of(STAGING, SuiteName.of("e2e"), "junit"), List.of());

    assertThat(slipway.evidence().listRuns(Optional.of(STAGING), Optional.empty(), 10))
        .extracting(EvidenceRun::id)
        .containsExactly(e2e.id(), smoke.id());
    assertThat(slipway.evidence().listRuns(Optional.of(STAGING), Optional.of(SMOKE), 10))
        .extracting(EvidenceRun::id)
        .containsExactly(smoke.id());
  }

  @Test
  void prunesRawReportsPastTheRetentionAndKeepsTheSummaries() {
    EvidenceRun old = upload(smoke(), List.of(failed("smoke", "a", "no")));
    clock.advance(Duration.ofDays(20));
    EvidenceRun recent = upload(smoke(), List.of(passed("smoke", "a")));

    clock.advance(Duration.ofDays(9));
    assertThat(slipway.evidence().pruneRawReports()).isZero();
    clock.advance(Duration.ofDays(2));
    assertThat(slipway.evidence().pruneRawReports()).isEqualTo(1);
    assertThat(slipway.evidence().pruneRawReports()).as("already pruned").isZero();

    EvidenceRun pruned = slipway.evidence().getRun(old.id());
    assertThat(pruned.rawPrunedAt()).contains(clock.instant());
    assertThat(pruned.summary().failed()).isEqualTo(1);
    assertThat(slipway.evidence().getDetail(old.id()).failedCases()).hasSize(1);
    assertThat(slipway.evidence().runs().copyRawReport(old.id(), new ByteArrayOutputStream()))
        .isFalse();
    assertThat(slipway.evidence().runs().copyRawReport(recent.id(), new ByteArrayOutputStream()))
        .isTrue();
    assertThat(slipway.audit().listBySubject(slipway.database().jdbi(), "evidence:" + old.id()))
        .extracting(event -> event.action())
        .containsExactly("evidence.uploaded", "evidence.raw-report-deleted");
  }

  @Test
  void refusesAnUnknownEnvironmentAndAStartInTheFuture() {
    assertThatThrownBy(
            () -> upload(EvidenceUpload.of(EnvironmentName.of("qa"), SMOKE, "junit"), List.of()))
        .hasMessageContaining("environment 'qa' is not configured");
    assertThatThrownBy(
            () -> upload(smoke().withStartedAt(clock.instant().plusSeconds(60)), List.of()))
        .hasMessageContaining("cannot start in the future");
  }
}
