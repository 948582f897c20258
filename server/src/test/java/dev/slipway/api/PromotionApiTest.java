package dev.slipway.api;

import static dev.slipway.testing.TestingServer.phase;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import dev.slipway.testing.TestingServer.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Promotions by hand through the API, as the ops lead runs them: several components at once to
 * production, one promotion after another, cancelling one that waits, rolling back, and reading
 * status and history afterwards.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class PromotionApiTest {
  private static final String API_1 = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final String API_2 = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";
  private static final String ADMIN_1 = "c3d4e5f60718293a4b5c6d7e8f90123456789012";
  private static final String PRODUCTION_ENV = "helmfile/overrides/production.env";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private TestingServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private TestingServer server(Duration bakeTime) {
    TestingServer.Timings fast = TestingServer.Timings.fast();
    server =
        TestingServer.start(
            directory,
            database,
            new TestingServer.Timings(
                bakeTime,
                fast.rolloutTimeout(),
                fast.checkInterval(),
                fast.failureThreshold(),
                fast.rolloutDelay()));
    return server;
  }

  @Test
  void promotesSeveralComponentsToProductionInOneCommitNamingThemAndWhoAsked() {
    TestingServer server = server(Duration.ofSeconds(1));
    register(server, "api", API_1);
    register(server, "admin", ADMIN_1);

    JsonNode requested =
        promote(server, "production", List.of("api@" + API_1, "admin@" + ADMIN_1), "release 42");
    assertThat(requested.get("kind").asText()).isEqualTo("DEPLOY");
    assertThat(requested.get("origin").asText()).isEqualTo("MANUAL");
    assertThat(requested.get("requestedBy").get("email").asText()).isEqualTo("alice@example.org");
    assertThat(requested.get("reason").asText()).isEqualTo("release 42");
    JsonNode done =
        server.awaitPromotion(requested.get("id").asLong(), phase("SUCCEEDED"), PATIENCE);

    List<RevCommit> production = commitsTo(server, "production");
    assertThat(production).hasSize(1);
    RevCommit commit = production.get(0);
    assertThat(commit.getShortMessage())
        .isEqualTo("Deploy admin@c3d4e5f, api@a1b2c3d to production");
    assertThat(commit.getFullMessage())
        .contains(
            "Promotion "
                + done.get("id").asLong()
                + " to production, requested by Alice <alice@example.org> (manual).")
        .contains("Reason: release 42")
        .contains("- api " + API_1)
        .contains("- admin " + ADMIN_1);
    assertThat(done.get("deployReference").asText()).isEqualTo(commit.getName());
    assertThat(server.manifests().findFile(commit.getName(), PRODUCTION_ENV))
        .hasValue(
            TestingServer.INITIAL_ENV
                .replaceFirst("0000000", "a1b2c3d")
                .replaceFirst("0000000", "c3d4e5f"));
    assertThat(server.manifests().findFile(commit.getParent(0).getName(), PRODUCTION_ENV))
        .hasValue(TestingServer.INITIAL_ENV);
  }

  @Test
  void showsWhatRunsInEachEnvironmentSinceWhenAndByWhom() {
    TestingServer server = server(Duration.ofSeconds(1));
    register(server, "api", API_1);
    Instant before = Instant.now();
    long id = promote(server, "production", List.of("api@" + API_1), null).get("id").asLong();
    server.awaitPromotion(id, phase("SUCCEEDED"), PATIENCE);

    JsonNode environments = server.get("api/v1/status").json().get("environments");
    assertThat(each(environments, "name")).containsExactly("staging", "production");
    JsonNode production = environments.get(1);
    assertThat(production.get("upstream").asText()).isEqualTo("staging");
    assertThat(production.get("policy").asText()).isEqualTo("MANUAL");
    assertThat(production.has("active")).isFalse();
    assertThat(production.get("pending")).isEmpty();
    JsonNode admin = component(production, "admin");
    assertThat(admin.has("version")).as(admin.toString()).isFalse();
    JsonNode api = component(production, "api");
    assertThat(api.get("version").asText()).isEqualTo(API_1);
    assertThat(api.get("build").get("shortCommit").asText()).isEqualTo("a1b2c3d");
    assertThat(api.get("deployedBy").get("email").asText()).isEqualTo("alice@example.org");
    assertThat(api.get("promotionId").asLong()).isEqualTo(id);
    assertThat(Instant.parse(api.get("since").asText())).isBetween(before, Instant.now());
  }

  @Test
  void runsTwoPromotionsToOneEnvironmentOneAfterTheOther() {
    TestingServer server = server(Duration.ofSeconds(2));
    register(server, "api", API_1);
    register(server, "api", API_2);

    long first = promote(server, "production", List.of("api@" + API_1), null).get("id").asLong();
    JsonNode second = promote(server, "production", List.of("api@" + API_2), null);
    assertThat(second.get("phase").asText()).isEqualTo("PENDING");
    server.awaitPromotion(first, promotion -> !phase("PENDING").test(promotion), PATIENCE);
    JsonNode waiting = server.get("api/v1/status").json().get("environments").get(1);
    assertThat(waiting.get("active").get("id").asLong()).isEqualTo(first);
    assertThat(each(waiting.get("pending"), "id")).containsExactly(second.get("id").asText());

    JsonNode firstDone = server.awaitPromotion(first, phase("SUCCEEDED"), PATIENCE);
    JsonNode secondDone =
        server.awaitPromotion(second.get("id").asLong(), phase("SUCCEEDED"), PATIENCE);

    assertThat(secondDone.get("builds").get(0).get("previousBuild").get("commit").asText())
        .isEqualTo(API_1);
    Instant firstFinished = Instant.parse(firstDone.get("finishedAt").asText());
    JsonNode secondSteps = secondDone.get("steps");
    assertThat(Instant.parse(secondSteps.get(1).get("at").asText()))
        .as(secondSteps.toString())
        .isAfterOrEqualTo(firstFinished);
    assertThat(commitsTo(server, "production").stream().map(RevCommit::getShortMessage))
        .containsExactly("Deploy api@b2c3d4e to production", "Deploy api@a1b2c3d to production");
    assertThat(each(server.get("api/v1/promotions?environment=production").json(), "id"))
        .containsExactly(second.get("id").asText(), String.valueOf(first));
  }

  @Test
  void listsHistoryNewestFirstForOneEnvironmentOrAll() {
    TestingServer server = server(Duration.ofSeconds(1));
    register(server, "api", API_1);
    long staging =
        server.get("api/v1/promotions?environment=staging").json().get(0).get("id").asLong();
    server.awaitPromotion(staging, phase("SUCCEEDED"), PATIENCE);
    long production =
        promote(server, "production", List.of("api@" + API_1), "ship it").get("id").asLong();
    server.awaitPromotion(production, phase("SUCCEEDED"), PATIENCE);

    JsonNode all = server.get("api/v1/promotions").json();
    assertThat(each(all, "id"))
        .containsExactly(String.valueOf(production), String.valueOf(staging));
    assertThat(all.get(0).get("environment").asText()).isEqualTo("production");
    assertThat(all.get(1).get("origin").asText()).isEqualTo("AUTOMATIC");
    assertThat(all.get(0).has("steps")).as("history leaves step logs out").isFalse();
    assertThat(each(server.get("api/v1/promotions?limit=1").json(), "id"))
        .containsExactly(String.valueOf(production));
    assertThat(each(server.get("api/v1/promotions?environment=staging").json(), "id"))
        .containsExactly(String.valueOf(staging));
  }

  @Test
  void refusesHistoryOfAnEnvironmentThatIsNotConfigured() {
    TestingServer server = server(Duration.ofSeconds(1));

    Answer history = server.get("api/v1/promotions?environment=prodution");
    Answer rejections = server.get("api/v1/rejections?environment=prodution");

    assertThat(history.status()).as(history.body()).isEqualTo(422);
    assertThat(history.json().get("detail").asText())
        .contains("environment 'prodution' is not configured")
        .contains("production");
    assertThat(rejections.status()).as(rejections.body()).isEqualTo(422);
  }

  @Test
  void cancelsAPromotionThatIsStillWaiting() {
    TestingServer server = server(Duration.ofMinutes(5));
    register(server, "api", API_1);
    register(server, "api", API_2);
    long first = promote(server, "production", List.of("api@" + API_1), null).get("id").asLong();
    long second = promote(server, "production", List.of("api@" + API_2), null).get("id").asLong();
    server.awaitPromotion(first, phase("VERIFYING"), PATIENCE);

    Answer cancelled =
        server.post("api/v1/promotions/" + second + "/cancel", Map.of("reason", "API_2 has a bug"));

    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    JsonNode promotion = cancelled.json();
    assertThat(promotion.get("phase").asText()).isEqualTo("CANCELLED");
    assertThat(promotion.get("terminal").asBoolean()).isTrue();
    assertThat(promotion.get("outcome").asText()).isEqualTo("API_2 has a bug");
    assertThat(each(promotion.get("steps"), "message"))
        .contains("Cancelled by Alice <alice@example.org>: API_2 has a bug");
    JsonNode production = server.get("api/v1/status").json().get("environments").get(1);
    assertThat(production.get("pending")).isEmpty();
    assertThat(production.get("active").get("id").asLong()).isEqualTo(first);
    assertThat(each(server.get("api/v1/audit?limit=1000").json(), "subject"))
        .contains("promotion:" + second);
    assertThat(commitsTo(server, "production").stream().map(RevCommit::getShortMessage))
        .containsExactly("Deploy api@a1b2c3d to production");
  }

  @Test
  void rollsBackByHandWithARevertCommitAndRejectsTheUndoneBuild() {
    TestingServer server = server(Duration.ofSeconds(1));
    register(server, "api", API_1);
    register(server, "api", API_2);
    long good = promote(server, "production", List.of("api@" + API_1), null).get("id").asLong();
    server.awaitPromotion(good, phase("SUCCEEDED"), PATIENCE);
    long bad = promote(server, "production", List.of("api@" + API_2), null).get("id").asLong();
    String badCommit =
        server.awaitPromotion(bad, phase("SUCCEEDED"), PATIENCE).get("deployReference").asText();

    Answer answer =
        server.post(
            "api/v1/environments/production/rollback", Map.of("reason", "slow pages on login"));
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    JsonNode rollback = answer.json();
    assertThat(rollback.get("kind").asText()).isEqualTo("ROLLBACK");
    assertThat(rollback.get("revertsPromotion").asLong()).isEqualTo(bad);
    JsonNode done =
        server.awaitPromotion(rollback.get("id").asLong(), phase("SUCCEEDED"), PATIENCE);

    RevCommit revert = commitsTo(server, "production").get(0);
    assertThat(revert.getShortMessage()).isEqualTo("Revert \"Deploy api@b2c3d4e to production\"");
    assertThat(revert.getFullMessage())
        .contains("This reverts commit " + badCommit + ".")
        .contains("requested by Alice <alice@example.org>: slow pages on login");
    assertThat(done.get("deployReference").asText()).isEqualTo(revert.getName());
    assertThat(server.manifests().readFile(PRODUCTION_ENV))
        .isEqualTo(TestingServer.INITIAL_ENV.replaceFirst("0000000", "a1b2c3d"));
    JsonNode rejections = server.get("api/v1/rejections?environment=production").json();
    assertThat(rejections).hasSize(1);
    assertThat(rejections.get(0).get("build").get("commit").asText()).isEqualTo(API_2);
    assertThat(rejections.get(0).get("promotionId").asLong()).isEqualTo(bad);
    assertThat(rejections.get(0).get("reason").asText()).contains("slow pages on login");
    assertThat(server.get("api/v1/rejections?environment=staging").json()).isEmpty();
    JsonNode api = component(server.get("api/v1/status").json().get("environments").get(1), "api");
    assertThat(api.get("version").asText()).isEqualTo(API_1);
  }

  private static void register(TestingServer server, String component, String commit) {
    Answer answer = server.post("api/v1/builds", TestingServer.build(component, commit));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  private static JsonNode promote(
      TestingServer server, String environment, List<String> builds, String reason) {
    Map<String, Object> body =
        reason == null
            ? Map.of("environment", environment, "builds", builds)
            : Map.of("environment", environment, "builds", builds, "reason", reason);
    Answer answer = server.post("api/v1/promotions", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    return answer.json();
  }

  /** The manifests commits that deployed to or reverted in an environment, newest first. */
  private static List<RevCommit> commitsTo(TestingServer server, String environment) {
    List<RevCommit> commits = new ArrayList<>();
    for (RevCommit commit : server.manifests().commits()) {
      if (commit.getShortMessage().endsWith(" to " + environment)
          || commit.getShortMessage().endsWith(" to " + environment + "\"")) {
        commits.add(commit);
      }
    }
    return commits;
  }

  /**
   * One field of each element of an array, where {@code findValuesAsText} would also search deeper.
   */
  private static List<String> each(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode element : array) {
      values.add(element.get(field).asText());
    }
    return values;
  }

  private static JsonNode component(JsonNode environment, String name) {
    for (JsonNode component : environment.get("components")) {
      if (component.get("component").asText().equals(name)) {
        return component;
      }
    }
    throw new AssertionError(name + " is not in " + environment);
  }
}
