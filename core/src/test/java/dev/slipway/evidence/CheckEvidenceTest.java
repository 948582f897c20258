package dev.slipway.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final ComponentName API = ComponentName.of("api");
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

  /**
   * Registers a build and runs its automatic promotion to staging, the status endpoint reporting
   * the new commit until the bake starts and then the given version.
   */
  private Promotion promote(CommitSha commit, String reportedWhileBaking) {
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
    status.reportVersion(reportedWhileBaking);
    for (int i = 0; i < 15; i++) {
      clock.advance(Duration.ofSeconds(20));
      slipway.engine().scheduler().runUntilIdle();
    }
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
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
  void theDatabaseRefusesASecondChecksRunForOnePromotion() {
    Promotion first = promote(FIRST, FIRST.shortSha());
    promote(SECOND, SECOND.shortSha());
    List<EvidenceRun> runs = checkRuns();
    assertThat(runs).hasSize(2);

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
}
