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
import dev.slipway.testing.TestingPrometheusServer;
import dev.slipway.testing.TestingSlipway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infrastructure component deployed by a command (standing in for a terragrunt apply) and a
 * manifests line, verified by a Prometheus error-rate query: when the query starts failing during
 * the bake time, the command runs again with the previous commit and the manifests line is
 * reverted.
 */
class CommandTargetEndToEndTest {
  private static final String STAGING_FILE = "infrastructure/staging.env";
  private static final String STAGING_ENV = "INFRA_COMMIT: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName INFRASTRUCTURE = ComponentName.of("infrastructure");
  private static final Actor CI = Actor.person("CI", "ci@example.org");

  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingPrometheusServer prometheus;
  private TestingGitRemote manifests;
  private Path applied;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    prometheus = TestingPrometheusServer.start();
    prometheus.answerValue(Map.of("job", "infrastructure"), 0);
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"), "main", Map.of(STAGING_FILE, STAGING_ENV));
    applied = directory.resolve("applied.log");
    String config =
        """
        repositories:
          manifests:
            url: %s
        components:
          infrastructure: {}
        environments:
          staging:
            policy: automatic
            bakeTime: 2m
            rolloutTimeout: 5m
            components:
              infrastructure:
                targets:
                  - type: git-file
                    repository: manifests
                    file: infrastructure/staging.env
                    key: INFRA_COMMIT
                  - type: command
                    command:
                      - sh
                      - -c
                      - >-
                        echo "terragrunt apply $SLIPWAY_SHORT_COMMIT";
                        echo "$SLIPWAY_ACTION $SLIPWAY_COMMIT ${SLIPWAY_PREVIOUS_COMMIT:-none}" >> %s
                    timeout: 1m
                checks:
                  - type: prometheus
                    url: %s
                    query: 'sum(rate(errors_total{version="{shortCommit}"}[5m]))'
                    comparison: "<"
                    threshold: 1
                    interval: 30s
                    failureThreshold: 2
        """
            .formatted(manifests.url(), applied, prometheus.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), TestDatabase.H2, config, clock);
  }

  @AfterEach
  void tearDown() {
    slipway.close();
    prometheus.close();
  }

  @Test
  void restoresThePreviousCommitThroughTheCommandWhenPrometheusFailsDuringTheBake()
      throws IOException {
    long good = register(GOOD);
    run();
    advance(Duration.ofSeconds(30));
    advance(Duration.ofMinutes(2));
    assertThat(promotion(good).phase()).isEqualTo(PromotionPhase.SUCCEEDED);

    long bad = register(BAD);
    run();
    advance(Duration.ofSeconds(30));
    assertThat(promotion(bad).phase()).isEqualTo(PromotionPhase.VERIFYING);
    prometheus.answerQuery(
        "sum(rate(errors_total{version=\"a1b2c3d\"}[5m]))",
        List.of(TestingPrometheusServer.Series.of(Map.of("job", "infrastructure"), 0)));
    prometheus.answerValue(Map.of("job", "infrastructure", "version", "badbadb"), 7);
    advance(Duration.ofSeconds(30));
    advance(Duration.ofSeconds(30));

    Promotion failed = promotion(bad);
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("failed 2 times in a row")
        .contains("{job=\"infrastructure\", version=\"badbadb\"} is 7, not < 1");
    assertThat(Files.readAllLines(applied))
        .containsExactly(
            "deploy " + GOOD.value() + " none",
            "deploy " + BAD.value() + " " + GOOD.value(),
            "restore " + GOOD.value() + " " + BAD.value());
    assertThat(manifests.readFile(STAGING_FILE)).isEqualTo("INFRA_COMMIT: \"a1b2c3d\"\n");
    assertThat(manifests.subjects().get(0))
        .isEqualTo("Revert \"Deploy infrastructure@badbadb to staging\"");
    assertThat(prometheus.queries())
        .extracting(TestingPrometheusServer.Query::query)
        .contains(
            "sum(rate(errors_total{version=\"badbadb\"}[5m]))",
            "sum(rate(errors_total{version=\"a1b2c3d\"}[5m]))");
    String command = "infrastructure command sh -c ";
    List<String> messages =
        slipway.engine().promotions().listSteps(bad).stream().map(PromotionStep::message).toList();
    assertThat(messages)
        .anySatisfy(
            line -> assertThat(line).startsWith(command).endsWith(": terragrunt apply badbadb"))
        .anySatisfy(
            line -> assertThat(line).startsWith(command).endsWith(": terragrunt apply a1b2c3d"))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("Running " + command).endsWith(" to restore a1b2c3d"));
    assertThat(slipway.environments().listRunning())
        .singleElement()
        .satisfies(running -> assertThat(running.build().orElseThrow().commit()).isEqualTo(GOOD));
    assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();
  }

  private long register(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                INFRASTRUCTURE, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0).id();
  }

  private Promotion promotion(long id) {
    return slipway.engine().promotions().getPromotion(id);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }
}
