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
import dev.slipway.config.InvalidConfigException;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.evidence.report.ReportFormats;
import dev.slipway.evidence.report.TestCaseResult;
import dev.slipway.gate.GateVerdict;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingReportFormat;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code evidence} gate holding promotions to production on the test runs of staging. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class EvidenceGateTest {
  private static final CommitSha FIRST = EvidenceTest.FIRST;
  private static final CommitSha SECOND = EvidenceTest.SECOND;
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final ComponentName API = ComponentName.of("api");
  private static final SuiteName SMOKE = SuiteName.of("smoke");
  private static final Actor CI = Actor.person("CI", "ci@example.org");
  private static final Actor ALICE = Actor.person("Alice", "alice@example.org");
  private static final String LOCUST_HEADER =
      "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min"
          + " Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,"
          + "75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n";

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer staging;
  private TestingStatusServer production;
  private Slipway slipway;

  private void open(String gate) {
    staging = TestingStatusServer.start();
    staging.reportVersion("0000000");
    production = TestingStatusServer.start();
    production.reportVersion("0000000");
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                "staging.env", "API_DOCKER_TAG: \"0000000\"\n",
                "production.env", "API_DOCKER_TAG: \"0000000\"\n"));
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
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
          production:
            upstream: staging
            policy: manual
            bakeTime: 1m
            gates:
              - %s
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: production.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(manifests.url(), staging.url(), gate, production.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    if (staging != null) {
      staging.close();
    }
    if (production != null) {
      production.close();
    }
  }

  private void deployToStaging(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    slipway.engine().scheduler().runUntilIdle();
    staging.reportVersion(commit.shortSha());
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(20));
      slipway.engine().scheduler().runUntilIdle();
    }
    clock.advance(Duration.ofMinutes(5));
  }

  private EvidenceRun smoke(List<TestCaseResult> cases) {
    return slipway
        .evidence()
        .upload(
            EvidenceUpload.of(STAGING, SMOKE, "junit"),
            new ByteArrayInputStream("<testsuite/>".getBytes(UTF_8)),
            TestingReportFormat.of(cases),
            CI);
  }

  private Promotion promoteToProduction(CommitSha commit) {
    Promotion promotion =
        slipway
            .engine()
            .requests()
            .promote(PRODUCTION, List.of(new BuildRef(API, commit)), ALICE, Optional.empty());
    slipway.engine().scheduler().runUntilIdle();
    return promotion;
  }

  private PromotionPhase phase(Promotion promotion) {
    return slipway.engine().promotions().getPromotion(promotion.id()).phase();
  }

  private PromotionGate gate(Promotion promotion) {
    return slipway.engine().gateDecisions().listGates(promotion.id()).get(0);
  }

  @Test
  void holdsAPromotionOnARedSmokeRunAndReleasesItWhenAGreenRunOfTheSameBuildsArrives() {
    open("{type: evidence, suites: [smoke]}");
    deployToStaging(FIRST);
    EvidenceRun red =
        smoke(List.of(passed("smoke", "home"), failed("smoke", "sign-in", "expected 200")));

    Promotion promotion = promoteToProduction(FIRST);

    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    assertThat(gate(promotion).verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(gate(promotion).reason())
        .isEqualTo("smoke run " + red.id() + " in staging failed (1 of 2 failed): smoke / sign-in");
    assertThat(gate(promotion).link()).contains("/evidence/" + red.id());

    EvidenceRun green = smoke(List.of(passed("smoke", "home"), passed("smoke", "sign-in")));
    slipway.engine().scheduler().runUntilIdle();

    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(gate(promotion).verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(gate(promotion).reason())
        .isEqualTo("smoke passed in run " + green.id() + " in staging");
  }

  @Test
  void waitsForASuiteNoRunOfTheBuildsHasReportedAndIgnoresStraddledRuns() {
    open("{type: evidence, suites: [smoke, e2e]}");
    deployToStaging(FIRST);
    smoke(List.of(passed("smoke", "home")));

    Promotion promotion = promoteToProduction(FIRST);

    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    assertThat(gate(promotion).verdict()).isEqualTo(GateVerdict.WAIT);
    assertThat(gate(promotion).reason())
        .isEqualTo(
            "no e2e run in staging has tested api@a1b2c3d yet (runs that straddled a deploy do"
                + " not count)");

    slipway
        .evidence()
        .upload(
            EvidenceUpload.of(STAGING, SuiteName.of("e2e"), "junit")
                .withStartedAt(clock.instant().minus(Duration.ofHours(1))),
            new ByteArrayInputStream(new byte[0]),
            TestingReportFormat.of(List.of(passed("e2e", "checkout"))),
            CI);
    slipway.engine().scheduler().runUntilIdle();

    assertThat(phase(promotion))
        .as("a straddled run does not count")
        .isEqualTo(PromotionPhase.PENDING);
  }

  @Test
  void blocksALoadTestThatBrokeItsThresholdsAndNamesTheEndpoint() {
    open("{type: evidence, suites: [{name: load, thresholds: [\"p95 < 500ms\"]}]}");
    deployToStaging(FIRST);
    String slow =
        LOCUST_HEADER
            + "GET,/api/orders,100,0,200,250,10,900,50,10,0,200,220,240,260,400,800,850,880,900,900,900\n"
            + ",Aggregated,100,0,200,250,10,900,50,10,0,200,220,240,260,400,800,850,880,900,900,900\n";
    EvidenceRun run =
        slipway
            .evidence()
            .upload(
                EvidenceUpload.of(STAGING, SuiteName.of("load"), "locust"),
                new ByteArrayInputStream(slow.getBytes(UTF_8)),
                ReportFormats.get("locust"),
                CI);

    Promotion promotion = promoteToProduction(FIRST);

    assertThat(run.green()).isTrue();
    assertThat(gate(promotion).verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(gate(promotion).reason())
        .startsWith("load run " + run.id() + " in staging broke its thresholds: ")
        .contains("p95");
    assertThat(gate(promotion).link()).contains("/evidence/" + run.id());
  }

  @Test
  void withNoNewFailuresLetsARunFailOnlyWhereTheRunOfTheRunningReleaseFailed() {
    open("{type: evidence, suites: [smoke], mode: no-new-failures}");
    deployToStaging(FIRST);
    smoke(List.of(passed("smoke", "home"), passed("smoke", "known")));
    Promotion first = promoteToProduction(FIRST);
    production.reportVersion(FIRST.shortSha());
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(20));
      slipway.engine().scheduler().runUntilIdle();
    }
    assertThat(phase(first)).isEqualTo(PromotionPhase.SUCCEEDED);
    EvidenceRun baseline =
        smoke(List.of(passed("smoke", "home"), failed("smoke", "known", "slow backend")));
    deployToStaging(SECOND);
    EvidenceRun fresh =
        smoke(List.of(failed("smoke", "home", "500"), failed("smoke", "known", "slow backend")));

    Promotion second = promoteToProduction(SECOND);

    assertThat(gate(second).verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(gate(second).reason())
        .isEqualTo(
            "smoke run "
                + fresh.id()
                + " in staging has 1 new failure since run "
                + baseline.id()
                + " of the release running in production: smoke / home");

    EvidenceRun knownOnly =
        smoke(List.of(passed("smoke", "home"), failed("smoke", "known", "slow backend")));
    slipway.engine().scheduler().runUntilIdle();

    assertThat(phase(second)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(gate(second).reason())
        .isEqualTo(
            "smoke run "
                + knownOnly.id()
                + " in staging failed only where run "
                + baseline.id()
                + " of the release running in production failed");
  }

  @Test
  void refusesAnEvidenceGateWithoutSuites() {
    database.assumeAvailable();
    assertThatThrownBy(() -> open("{type: evidence}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("suites");
  }
}
