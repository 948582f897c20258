package dev.slipway.resilience;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.fleet.Fleet;
import dev.slipway.fleet.FleetSettings;
import dev.slipway.fleet.ManifestsSource;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionRepository;
import dev.slipway.promotion.PromotionStep;
import dev.slipway.promotion.StepSeverity;
import dev.slipway.storage.Database;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.target.git.GitRepositoryDeployer;
import dev.slipway.target.git.ValueLocator;
import dev.slipway.testing.TestingGitHttpServer;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingServer.Timings;
import dev.slipway.testing.TestingServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL in the middle of a promotion carries it on when it starts again on
 * the same data directory: the promotion ends as it would have, with one deploy commit (and one
 * revert commit when it rolls back) in the manifests repository, the step log written before the
 * kill kept and continued, and the audit record intact.
 *
 * <p>The server is a process of its own on an H2 file database; the manifests repository and the
 * simulated fleet run in the test. To kill a deploy or a revert after its push reached the remote
 * but before the server could record it, the manifests are served over HTTP by a git server that
 * takes the push and holds back its answer: the server is then stuck between the push and the phase
 * write, and the test kills it there.
 */
class KillAndResumeTest {
  private static final String GOOD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final String BAD = "badc0de4e5f60718293a4b5c6d7e8f9012345678";
  private static final String FILE = "helmfile/overrides/staging.env";
  private static final String INITIAL = "# staging overrides\nAPI_DOCKER_TAG: \"0000000\"\n";
  private static final String MANIFESTS_TOKEN = "manifests-token-for-tests";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String[] SUCCEEDED_AUDIT_ACTIONS = {
    "promotion.requested",
    "promotion.deploying",
    "promotion.rolling-out",
    "promotion.verifying",
    "promotion.succeeded"
  };

  @TempDir Path directory;

  @Test
  void finishesADeployKilledAfterItsCommitReachedTheRemoteWithoutPushingAgain() {
    try (Stage stage = Stage.overHttp(directory, timings(300, 100))) {
      stage.git().holdAnswersFrom(1);
      stage.start();
      stage.register(GOOD);
      RevCommit deploy = stage.awaitCommitOf("deploy");

      Killed killed = stage.kill();
      assertThat(killed.promotion().phase()).isEqualTo(PromotionPhase.DEPLOYING);
      assertThat(killed.promotion().deployReference())
          .as("deploy commit the killed server had recorded")
          .isEmpty();
      stage.git().releaseAnswers();
      stage.start();

      JsonNode after = stage.awaitPromotion(1, "SUCCEEDED");
      stage.assertResumed(killed, after);
      assertThat(stage.git().pushesReceived()).as("pushes the git server received").isEqualTo(1);
      assertThat(stage.commitsOf("deploy")).containsExactly(deploy.name());
      assertThat(stage.commitsOf("revert")).isEmpty();
      assertThat(after.get("deployReference").asText()).isEqualTo(deploy.name());
      assertThat(messages(after))
          .contains("Found the earlier " + stage.operation("deploy") + " in " + deploy.name());
      assertThat(stage.auditActions(1)).containsExactly(SUCCEEDED_AUDIT_ACTIONS);
      assertThat(stage.manifests().readFile(FILE)).isEqualTo(INITIAL.replace("0000000", "a1b2c3d"));
    }
  }

  @Test
  void finishesADeployKilledWhileTheNewVersionRollsOut() {
    try (Stage stage = Stage.local(directory, timings(300, 2000))) {
      stage.start();
      stage.register(GOOD);
      stage.awaitMovedOn(1, "ROLLING_OUT", "Deployed in ");

      Killed killed = stage.kill();
      assertThat(killed.promotion().phase()).isEqualTo(PromotionPhase.ROLLING_OUT);
      stage.start();

      JsonNode after = stage.awaitPromotion(1, "SUCCEEDED");
      stage.assertResumed(killed, after);
      assertThat(stage.commitsOf("deploy"))
          .containsExactly(killed.promotion().deployReference().orElseThrow());
      assertThat(stage.commitsOf("revert")).isEmpty();
      assertThat(stage.auditActions(1)).containsExactly(SUCCEEDED_AUDIT_ACTIONS);
      assertThat(stage.manifests().readFile(FILE)).isEqualTo(INITIAL.replace("0000000", "a1b2c3d"));
    }
  }

  @Test
  void finishesADeployKilledDuringItsBakeTime() {
    try (Stage stage = Stage.local(directory, timings(3000, 100))) {
      stage.start();
      stage.register(GOOD);
      stage.awaitMovedOn(1, "VERIFYING", "Rolled out: ");

      Killed killed = stage.kill();
      assertThat(killed.promotion().phase()).isEqualTo(PromotionPhase.VERIFYING);
      stage.start();

      JsonNode after = stage.awaitPromotion(1, "SUCCEEDED");
      stage.assertResumed(killed, after);
      assertThat(stage.commitsOf("deploy")).hasSize(1);
      assertThat(stage.commitsOf("revert")).isEmpty();
      assertThat(stage.auditActions(1)).containsExactly(SUCCEEDED_AUDIT_ACTIONS);
      assertThat(Instant.parse(after.get("finishedAt").asText()))
          .as("succeeded no earlier than the end of the bake time")
          .isAfterOrEqualTo(killed.promotion().phaseChangedAt().plusSeconds(3));
    }
  }

  @Test
  void finishesARollbackKilledAfterItsRevertReachedTheRemoteWithoutRevertingAgain() {
    try (Stage stage = Stage.overHttp(directory, timings(300, 100))) {
      stage.fleet().markUnhealthy(ComponentName.of("api"), "badc0de");
      stage.git().holdAnswersFrom(2);
      stage.start();
      stage.register(BAD);
      RevCommit revert = stage.awaitCommitOf("revert");

      Killed killed = stage.kill();
      assertThat(killed.promotion().phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
      assertThat(killed.promotion().restoredAt())
          .as("restore the killed server had recorded")
          .isEmpty();
      stage.git().releaseAnswers();
      stage.start();

      JsonNode after = stage.awaitPromotion(1, "FAILED");
      stage.assertResumed(killed, after);
      assertThat(stage.git().pushesReceived()).as("pushes the git server received").isEqualTo(2);
      assertThat(stage.commitsOf("deploy")).hasSize(1);
      assertThat(stage.commitsOf("revert")).containsExactly(revert.name());
      assertThat(after.get("revertReference").asText()).isEqualTo(revert.name());
      assertThat(messages(after))
          .contains("Found the earlier " + stage.operation("revert") + " in " + revert.name());
      stage.assertRolledBack();
    }
  }

  @Test
  void finishesARollbackKilledWhileThePreviousVersionRollsBackOut() {
    try (Stage stage = Stage.local(directory, timings(300, 2000))) {
      stage.fleet().markUnhealthy(ComponentName.of("api"), "badc0de");
      stage.start();
      stage.register(BAD);
      stage.awaitMovedOn(1, "ROLLING_BACK", "Reverted in ");

      Killed killed = stage.kill();
      assertThat(killed.promotion().phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
      String revert = killed.promotion().revertReference().orElseThrow();
      stage.start();

      JsonNode after = stage.awaitPromotion(1, "FAILED");
      stage.assertResumed(killed, after);
      assertThat(stage.commitsOf("deploy")).hasSize(1);
      assertThat(stage.commitsOf("revert")).containsExactly(revert);
      stage.assertRolledBack();
    }
  }

  /** Staging's timings: a check every 100ms that fails a promotion the first time it fails. */
  private static Timings timings(long bakeMillis, long fleetRolloutDelayMillis) {
    return new Timings(
        Duration.ofMillis(bakeMillis),
        PATIENCE,
        Duration.ofMillis(100),
        1,
        Duration.ofMillis(fleetRolloutDelayMillis));
  }

  private static String phase(JsonNode promotion) {
    return promotion.get("phase").asText();
  }

  private static List<String> messages(JsonNode promotion) {
    return StreamSupport.stream(promotion.get("steps").spliterator(), false)
        .map(step -> step.get("message").asText())
        .toList();
  }

  private static List<PromotionStep> steps(JsonNode promotion) {
    return StreamSupport.stream(promotion.get("steps").spliterator(), false)
        .map(
            step ->
                new PromotionStep(
                    Instant.parse(step.get("at").asText()),
                    StepSeverity.valueOf(step.get("severity").asText()),
                    step.get("message").asText()))
        .toList();
  }

  /**
   * A promotion and its step log as a killed server left them in its database: what it had written,
   * as the next server finds it.
   */
  private record Killed(Promotion promotion, List<PromotionStep> steps) {}

  /**
   * One staging environment deploying {@code api} through {@code helmfile/overrides/staging.env} of
   * a manifests repository, verified through the fleet, and the server process that runs it.
   */
  private static final class Stage implements AutoCloseable {
    private final Path directory;
    private final TestingGitRemote manifests;
    private final Optional<TestingGitHttpServer> git;
    private final Fleet fleet;
    private final Path config;
    private final String token;
    private TestingServerProcess server;
    private Instant promotionCreatedAt;

    private Stage(
        Path directory,
        TestingGitRemote manifests,
        Optional<TestingGitHttpServer> git,
        Fleet fleet,
        Timings timings) {
      this.directory = directory;
      this.manifests = manifests;
      this.git = git;
      this.fleet = fleet;
      this.config = directory.resolve("slipway.yaml");
      try {
        Files.writeString(config, config(timings), UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.token = createToken(directory.resolve("data"));
    }

    /** The manifests repository reached as a local path. */
    static Stage local(Path directory, Timings timings) {
      return create(directory, timings, false);
    }

    /** The manifests repository reached over HTTP, through a git server that can hold answers. */
    static Stage overHttp(Path directory, Timings timings) {
      return create(directory, timings, true);
    }

    private static Stage create(Path directory, Timings timings, boolean overHttp) {
      TestingGitRemote manifests =
          TestingGitRemote.create(
              directory.resolve("manifests.git"), "main", Map.of(FILE, INITIAL));
      Optional<TestingGitHttpServer> git =
          overHttp
              ? Optional.of(
                  TestingGitHttpServer.start(manifests, "x-access-token", MANIFESTS_TOKEN))
              : Optional.empty();
      Fleet fleet =
          Fleet.start(
              FleetSettings.defaults()
                  .withPollInterval(Duration.ofMillis(20))
                  .withRolloutDelay(timings.rolloutDelay()));
      try {
        fleet.register(
            EnvironmentName.of("staging"),
            ComponentName.of("api"),
            new ManifestsSource(
                manifests.directory(), "main", FILE, ValueLocator.envKey("API_DOCKER_TAG")));
        return new Stage(directory, manifests, git, fleet, timings);
      } catch (RuntimeException e) {
        fleet.close();
        git.ifPresent(TestingGitHttpServer::close);
        throw e;
      }
    }

    private String config(Timings timings) {
      String url = git.map(TestingGitHttpServer::url).orElse(manifests.url());
      return String.join(
          "\n",
          "repositories:",
          "  manifests:",
          "    url: " + url,
          git.isPresent() ? "    tokenEnv: MANIFESTS_TOKEN" : "",
          "components:",
          "  api: {}",
          "environments:",
          "  staging:",
          "    policy: automatic",
          "    bakeTime: " + timings.bakeTime().toMillis() + "ms",
          "    rolloutTimeout: " + timings.rolloutTimeout().toMillis() + "ms",
          "    components:",
          "      api:",
          "        targets:",
          "          - type: git-file",
          "            repository: manifests",
          "            file: " + FILE,
          "            key: API_DOCKER_TAG",
          "        checks:",
          "          - type: http",
          "            url: " + fleet.url(EnvironmentName.of("staging"), ComponentName.of("api")),
          "            interval: " + timings.checkInterval().toMillis() + "ms",
          "            timeout: 2s",
          "            failureThreshold: " + timings.failureThreshold(),
          "");
    }

    /** The first token, made the way an operator makes it: {@code slipway token create}. */
    private static String createToken(Path data) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          SlipwayCommand.execute(
              new PrintWriter(out),
              new PrintWriter(err),
              "token",
              "create",
              "--name",
              "Alice",
              "--email",
              "alice@example.org",
              "--data-dir",
              data.toString(),
              "--output",
              "json");
      assertThat(code).as("token create: %s", err).isZero();
      try {
        return Json.mapper().readTree(out.toString()).get("token").asText();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    TestingGitRemote manifests() {
      return manifests;
    }

    TestingGitHttpServer git() {
      return git.orElseThrow();
    }

    Fleet fleet() {
      return fleet;
    }

    void start() {
      server =
          TestingServerProcess.start(
              config,
              data(),
              token,
              directory.resolve("server.log"),
              Map.of("MANIFESTS_TOKEN", MANIFESTS_TOKEN));
    }

    /**
     * Kills the server with SIGKILL, checks that it died of it, and reads promotion 1 from the
     * database it left.
     *
     * <p>The database is read rather than the API before the kill because H2 shows a commit to
     * other sessions a moment before it has written it: what the API answered just before the kill
     * may be lost with it, while a commit the server itself saw finish is not.
     */
    Killed kill() {
      assertThat(server.kill()).as("exit status of a process killed by SIGKILL").isEqualTo(137);
      try (Database database = Database.open(DatabaseSettings.embedded(data()))) {
        PromotionRepository promotions = new PromotionRepository(database.jdbi());
        return new Killed(promotions.getPromotion(1), promotions.listSteps(1));
      }
    }

    private Path data() {
      return directory.resolve("data");
    }

    /** Registers a build of {@code api}, which staging promotes on its own: promotion 1. */
    void register(String commit) {
      server.post("api/v1/builds", Map.of("component", "api", "commit", commit));
      promotionCreatedAt = Instant.parse(promotion(1).get("createdAt").asText());
    }

    /**
     * What the commits of promotion 1 carry in their {@code Slipway-Operation} trailer for a
     * purpose ({@code deploy}, {@code revert}): its number and creation time, so that a new
     * database's promotion 1 never takes an older one's commit for its own.
     */
    String operation(String purpose) {
      return "promotion-1." + promotionCreatedAt.toEpochMilli() + "-" + purpose;
    }

    JsonNode promotion(long id) {
      return server.get("api/v1/promotions/" + id);
    }

    /**
     * Waits until a promotion is in a phase and has logged a step after the one that entered it.
     * That later step comes from a later transaction of the same worker, which starts only once the
     * transaction that entered the phase is written: killed now, the phase is not lost.
     */
    void awaitMovedOn(long id, String phase, String enteredWith) {
      awaitPromotion(
          id,
          promotion -> {
            if (!phase(promotion).equals(phase)) {
              return false;
            }
            List<String> messages = messages(promotion);
            int entered = -1;
            for (int i = 0; i < messages.size(); i++) {
              if (messages.get(i).startsWith(enteredWith)) {
                entered = i;
              }
            }
            return entered >= 0 && entered < messages.size() - 1;
          });
    }

    JsonNode awaitPromotion(long id, String phase) {
      return awaitPromotion(id, promotion -> phase(promotion).equals(phase));
    }

    /** Polls a promotion until it satisfies the condition; fails early if it ends otherwise. */
    JsonNode awaitPromotion(long id, Predicate<JsonNode> condition) {
      Instant deadline = Instant.now().plus(PATIENCE);
      JsonNode promotion = promotion(id);
      while (!condition.test(promotion)) {
        if (promotion.get("terminal").asBoolean() || Instant.now().isAfter(deadline)) {
          throw new AssertionError(
              "promotion "
                  + id
                  + " did not get there: "
                  + promotion.toPrettyString()
                  + "\nserver log:\n"
                  + server.logTail());
        }
        pause();
        promotion = promotion(id);
      }
      return promotion;
    }

    /** Waits for promotion 1's commit for a purpose to be on the remote branch. */
    RevCommit awaitCommitOf(String purpose) {
      Instant deadline = Instant.now().plus(PATIENCE);
      while (true) {
        Optional<RevCommit> commit = commits(purpose).stream().findFirst();
        if (commit.isPresent()) {
          return commit.get();
        }
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError(
              "no commit of " + operation(purpose) + " reached the remote\n" + server.logTail());
        }
        pause();
      }
    }

    /** The ids of promotion 1's commits for a purpose on the remote branch, newest first. */
    List<String> commitsOf(String purpose) {
      return commits(purpose).stream().map(RevCommit::name).toList();
    }

    private List<RevCommit> commits(String purpose) {
      String operation = operation(purpose);
      return manifests.commits().stream()
          .filter(c -> c.getFooterLines(GitRepositoryDeployer.TRAILER).contains(operation))
          .toList();
    }

    /** The audit actions recorded for a promotion, in order. */
    List<String> auditActions(long id) {
      List<String> actions = new ArrayList<>();
      for (JsonNode event : server.get("api/v1/audit?limit=1000")) {
        if (event.get("subject").asText().equals("promotion:" + id)) {
          actions.add(event.get("action").asText());
        }
      }
      return actions;
    }

    /**
     * The promotion carried on from where it was killed: the step log holds everything written
     * before the kill, in order, and more after it; no phase was entered twice; the audit chain
     * holds.
     */
    void assertResumed(Killed killed, JsonNode after) {
      assertThat(steps(after))
          .as("the step log after the restart")
          .startsWith(killed.steps().toArray(PromotionStep[]::new))
          .hasSizeGreaterThan(killed.steps().size());
      assertThat(auditActions(after.get("id").asLong())).doesNotHaveDuplicates();
      JsonNode verification = server.get("api/v1/audit/verify");
      assertThat(verification.get("intact").asBoolean()).as("audit: %s", verification).isTrue();
    }

    /** The bad build was reverted, rejected, and the previous version runs again. */
    void assertRolledBack() {
      assertThat(manifests.readFile(FILE)).isEqualTo(INITIAL);
      assertThat(manifests.subjects())
          .startsWith(
              "Revert \"Deploy api@badc0de to staging\"",
              "Deploy api@badc0de to staging",
              "Add the manifests");
      List<String> actions = auditActions(1);
      assertThat(actions)
          .startsWith("promotion.requested", "promotion.deploying", "promotion.rolling-out")
          .endsWith("promotion.rolling-back", "promotion.failed");
      JsonNode rejections = server.get("api/v1/rejections?environment=staging");
      assertThat(rejections.findValuesAsText("commit")).contains(BAD);
      assertThat(fleet.findRunningVersion(EnvironmentName.of("staging"), ComponentName.of("api")))
          .contains("0000000");
    }

    private static void pause() {
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        try {
          fleet.close();
        } finally {
          git.ifPresent(TestingGitHttpServer::close);
        }
      }
    }
  }
}
