package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
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

/**
 * The automatic policy across environments: builds from CI go to staging by themselves, and a build
 * verified in staging goes on by itself to an automatic environment downstream (a performance
 * environment here), never to a manual one, and never when it failed upstream.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AutomaticPromotionsTest {
  private static final String ENV_FILE = "# Notify\nAPI_DOCKER_TAG: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PERF = EnvironmentName.of("perf");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor CI = Actor.person("CI", "ci@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer stagingStatus;
  private TestingStatusServer perfStatus;
  private TestingStatusServer productionStatus;
  private TestingGitRemote manifests;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    stagingStatus = TestingStatusServer.start();
    perfStatus = TestingStatusServer.start();
    productionStatus = TestingStatusServer.start();
    for (TestingStatusServer status : List.of(stagingStatus, perfStatus, productionStatus)) {
      status.reportVersion("0000000");
    }
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                "staging.env", ENV_FILE,
                "perf.env", ENV_FILE,
                "production.env", ENV_FILE));
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
          perf:
            upstream: staging
            policy: automatic
            bakeTime: 2m
            rolloutTimeout: 5m
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: perf.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
          production:
            upstream: staging
            policy: manual
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: production.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(
                manifests.url(), stagingStatus.url(), perfStatus.url(), productionStatus.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    stagingStatus.close();
    perfStatus.close();
    productionStatus.close();
  }

  @Test
  void promotesABuildVerifiedInStagingToTheAutomaticEnvironmentDownstream() {
    register(GOOD);
    run();
    stagingStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    assertThat(promotions(PERF)).as("nothing goes downstream before staging verified it").isEmpty();
    advance(Duration.ofMinutes(1));

    Promotion staging = only(STAGING);
    assertThat(staging.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    Promotion perf = only(PERF);
    assertThat(perf.origin()).isEqualTo(PromotionOrigin.AUTOMATIC);
    assertThat(perf.requestedBy()).isEqualTo(Actor.SLIPWAY);
    assertThat(perf.reason()).contains("verified in staging by promotion " + staging.id());
    assertThat(perf.builds())
        .singleElement()
        .satisfies(build -> assertThat(build.build().orElseThrow().commit()).isEqualTo(GOOD));
    assertThat(perf.phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(manifests.readFile("perf.env")).isEqualTo(ENV_FILE.replace("0000000", "a1b2c3d"));
    assertThat(manifests.subjects().get(0)).isEqualTo("Deploy api@a1b2c3d to perf");
    assertThat(manifests.messages().get(0))
        .contains("Promotion " + perf.id() + " to perf, requested by slipway (automatic).")
        .contains("Reason: verified in staging by promotion " + staging.id());

    perfStatus.reportVersion("a1b2c3d");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(2));

    assertThat(only(PERF).phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(slipway.environments().listRunning())
        .extracting(running -> running.environment().value())
        .containsExactly("perf", "staging");
    assertThat(promotions(PRODUCTION)).as("production is manual").isEmpty();
    assertThat(manifests.readFile("production.env")).isEqualTo(ENV_FILE);
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  @Test
  void neverPromotesABuildThatFailedInStagingDownstream() {
    register(BAD);
    run();
    advance(Duration.ofMinutes(5));

    assertThat(only(STAGING).phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(promotions(PERF)).isEmpty();
    assertThat(manifests.readFile("perf.env")).isEqualTo(ENV_FILE);
  }

  private void register(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }

  private List<Promotion> promotions(EnvironmentName environment) {
    return slipway.engine().promotions().listPromotions(Optional.of(environment), 10);
  }

  private Promotion only(EnvironmentName environment) {
    List<Promotion> promotions = promotions(environment);
    assertThat(promotions).hasSize(1);
    return promotions.get(0);
  }
}
