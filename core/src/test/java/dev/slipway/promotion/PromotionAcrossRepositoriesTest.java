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
 * A component deployed through two manifests repositories (the helmfile overrides and a second
 * repository of the same values), so one promotion is two commits. When the second cannot be
 * written, a deploy undoes the first; a restore of previous versions keeps what it restored.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class PromotionAcrossRepositoriesTest {
  private static final String FILE = "staging.env";
  private static final String ENV = "API_DOCKER_TAG: \"0000000\"\nADMIN_DOCKER_TAG: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor CI = Actor.person("CI", "ci@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
  private TestingGitRemote overrides;
  private TestingGitRemote values;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    overrides =
        TestingGitRemote.create(directory.resolve("overrides.git"), "main", Map.of(FILE, ENV));
    values = TestingGitRemote.create(directory.resolve("values.git"), "main", Map.of(FILE, ENV));
    String config =
        """
        repositories:
          overrides:
            url: %s
          values:
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
                  - {type: git-file, repository: overrides, file: staging.env, key: API_DOCKER_TAG}
                  - {type: git-file, repository: values, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s, failureThreshold: 2}
        """
            .formatted(overrides.url(), values.url(), status.url());
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    status.close();
  }

  @Test
  void undoesTheFirstRepositoryWhenTheSecondCannotTakeTheDeploy() {
    values.commitAsSomeoneElse(
        "Rename the api tag", Map.of(FILE, ENV.replace("API_", "NOTIFY_API_")));

    register(GOOD);
    run();

    Promotion errored = latest();
    assertThat(errored.phase()).isEqualTo(PromotionPhase.ERRORED);
    assertThat(errored.outcome().orElseThrow()).contains("key API_DOCKER_TAG is not set");
    assertThat(overrides.subjects())
        .containsExactly(
            "Undo partial deploy of promotion " + errored.id() + " to staging",
            "Deploy api@a1b2c3d to staging",
            "Add the manifests");
    assertThat(overrides.readFile(FILE))
        .as("the environment is not left half changed")
        .isEqualTo(ENV);
  }

  @Test
  void keepsWhatARevertRestoredWhenTheOtherRepositoryCannotTakeIt() {
    deployToBoth(GOOD, "a1b2c3d");
    register(BAD);
    run();
    status.reportVersion("badbadb");
    advance(Duration.ofSeconds(10));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.VERIFYING);
    values.commitAsSomeoneElse(
        "Rename the api tag",
        Map.of(FILE, values.readFile(FILE).replace("API_DOCKER_TAG", "NOTIFY_API_DOCKER_TAG")));

    status.answer(500, "{\"commit_sha\": \"badbadb\", \"status\": \"error\"}");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofSeconds(10));

    Promotion errored = latest();
    assertThat(errored.phase()).isEqualTo(PromotionPhase.ERRORED);
    assertThat(errored.outcome().orElseThrow())
        .startsWith("restoring the previous versions failed: ")
        .contains("key API_DOCKER_TAG is not set");
    assertThat(overrides.readFile(FILE))
        .as("the failed build is not put back where it was already reverted")
        .isEqualTo(ENV.replaceFirst("0000000", "a1b2c3d"));
    assertThat(overrides.subjects().get(0)).isEqualTo("Revert \"Deploy api@badbadb to staging\"");
  }

  @Test
  void keepsWhatARollbackRestoredWhenTheOtherRepositoryCannotTakeIt() {
    deployToBoth(GOOD, "a1b2c3d");
    deployToBoth(CommitSha.of("1111111111111111111111111111111111111111"), "1111111");
    values.commitAsSomeoneElse(
        "Rename the api tag",
        Map.of(FILE, values.readFile(FILE).replace("API_DOCKER_TAG", "NOTIFY_API_DOCKER_TAG")));

    Promotion rollback =
        slipway
            .engine()
            .requests()
            .rollback(STAGING, Actor.person("Bob", "bob@example.org"), Optional.of("errors up"));
    run();

    Promotion errored = slipway.engine().promotions().getPromotion(rollback.id());
    assertThat(errored.phase()).isEqualTo(PromotionPhase.ERRORED);
    assertThat(overrides.readFile(FILE))
        .as("the rolled-back build is not put back where the rollback already went through")
        .isEqualTo(ENV.replaceFirst("0000000", "a1b2c3d"));
  }

  private void deployToBoth(CommitSha commit, String tag) {
    register(commit);
    run();
    status.reportVersion(tag);
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMinutes(1));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(overrides.readFile(FILE)).isEqualTo(ENV.replaceFirst("0000000", tag));
    assertThat(values.readFile(FILE)).isEqualTo(ENV.replaceFirst("0000000", tag));
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

  private Promotion latest() {
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
  }
}
