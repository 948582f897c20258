package dev.slipway.api;

import static dev.slipway.testing.TestingServer.phase;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import dev.slipway.testing.TestingServer.Answer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a caller sees when the API says no: the status, a problem document that says what failed and
 * which field, and nothing stored.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ProblemResponsesTest {
  private static final String COMMIT = "f3d0498a1b2c3d4e5f60718293a4b5c6d7e8f901";
  private static final String OTHER_COMMIT = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private TestingServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private TestingServer server() {
    return server(TestingServer.Timings.fast());
  }

  private TestingServer server(TestingServer.Timings timings) {
    server = TestingServer.start(directory, database, timings);
    return server;
  }

  @Test
  void refusesARequestWithoutATokenAndSaysHowToSendOne() throws Exception {
    TestingServer server = server();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.url().resolve("api/v1/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"slipway\"");
    JsonNode problem =
        problem(
            new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body()),
            401);
    assertThat(problem.get("title").asText()).isEqualTo("Authentication required");
    assertThat(problem.get("detail").asText()).contains("Authorization: Bearer slw_");
  }

  @Test
  void refusesAnUnknownTokenAndAHeaderThatIsNotBearer() throws Exception {
    TestingServer server = server();
    HttpResponse<String> unknown =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.url().resolve("api/v1/me"))
                    .header("Authorization", "Bearer slw_notATokenSlipwayEverIssued")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(unknown.body()).contains("the API token is unknown or was revoked");

    Answer basic =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/me"))
                .header("Authorization", "Basic " + server.token())
                .GET(),
            null);
    assertThat(problem(basic, 401).get("detail").asText()).contains("an API token is required");
  }

  @Test
  void peopleListAndRevokeTheirOwnTokensAndARevokedTokenIsRefused() {
    TestingServer server = server();
    String spare =
        server.post("api/v1/tokens", Map.of("label", "spare")).json().get("token").asText();
    JsonNode tokens = server.get("api/v1/tokens").json();
    assertThat(tokens).hasSize(2);
    long spareId = tokens.get(1).get("id").asLong();
    assertThat(tokens.get(1).get("label").asText()).isEqualTo("spare");
    assertThat(tokens.get(1).has("revokedAt")).isFalse();
    assertThat(tokens.toString()).doesNotContain(spare);

    Answer revoked =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/tokens/" + spareId)).DELETE(),
            server.token());
    Answer again =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/tokens/" + spareId)).DELETE(),
            server.token());
    Answer withRevoked =
        server.send(HttpRequest.newBuilder(server.url().resolve("api/v1/me")).GET(), spare);
    Answer unknown =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/tokens/999")).DELETE(),
            server.token());

    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.json().get("revokedAt").asText()).isNotEmpty();
    assertThat(problem(again, 409).get("detail").asText()).contains("was already revoked");
    assertThat(problem(withRevoked, 401).get("detail").asText())
        .contains("the API token is unknown or was revoked");
    assertThat(problem(unknown, 404).get("detail").asText())
        .isEqualTo("token 999 does not exist or is not yours");
    assertThat(server.get("api/v1/me").status())
        .as("the caller's own token still works")
        .isEqualTo(200);
  }

  @Test
  void storesNothingForARegistrationWithoutAToken() {
    TestingServer server = server();
    Answer refused =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/builds"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"component\":\"api\",\"commit\":\"" + COMMIT + "\"}")),
            null);

    problem(refused, 401);
    assertThat(server.get("api/v1/builds").json()).isEmpty();
    assertThat(actions(server)).doesNotContain("build.registered");
  }

  @Test
  void servesHealthTheApiDescriptionAndTheConfigurationSchemaWithoutAToken() {
    TestingServer server = server();
    for (String path :
        List.of(
            "api/v1/health",
            "api/v1/openapi.json",
            "api/v1/openapi.yaml",
            "api/v1/config/schema")) {
      Answer answer = server.send(HttpRequest.newBuilder(server.url().resolve(path)).GET(), null);
      assertThat(answer.status()).as(path).isEqualTo(200);
      assertThat(answer.body()).as(path).isNotBlank();
    }
    assertThat(
            server
                .send(HttpRequest.newBuilder(server.url().resolve("api/v1/health")).GET(), null)
                .json()
                .get("status")
                .asText())
        .isEqualTo("ok");
  }

  @Test
  void namesAnUnknownComponentAndTheConfiguredOnes() {
    TestingServer server = server();
    JsonNode problem =
        problem(server.post("api/v1/builds", TestingServer.build("notify-api", COMMIT)), 422);

    assertThat(problem.get("field").asText()).isEqualTo("component");
    assertThat(problem.get("detail").asText())
        .isEqualTo("component 'notify-api' is not configured; configured components: [admin, api]");
    assertNothingRegistered(server);
  }

  @Test
  void refusesACommitThatIsNotAFullCommitId() {
    TestingServer server = server();
    JsonNode problem =
        problem(server.post("api/v1/builds", TestingServer.build("api", "f3d0498")), 422);

    assertThat(problem.get("field").asText()).isEqualTo("commit");
    assertThat(problem.get("detail").asText())
        .isEqualTo("commit 'f3d0498' is not a full 40-character hexadecimal git commit id");
    assertNothingRegistered(server);
  }

  @Test
  void pointsAtTheLineAndColumnOfABodyThatIsNotJson() {
    TestingServer server = server();
    JsonNode problem =
        problem(
            postRaw(server, "api/v1/builds", "{\n  \"component\": \"api\",\n  \"commit\": f3d\n}"),
            422);

    assertThat(problem.get("field").asText()).isEqualTo("body");
    assertThat(problem.get("detail").asText())
        .startsWith("the request body is not JSON: ")
        .endsWith("at line 3, column 13");
    assertNothingRegistered(server);
  }

  @Test
  void refusesABodyThatIsNotAnObject() {
    TestingServer server = server();
    JsonNode problem = problem(postRaw(server, "api/v1/builds", "[\"api\"]"), 422);

    assertThat(problem.get("field").asText()).isEqualTo("body");
    assertThat(problem.get("detail").asText()).isEqualTo("the request body must be a JSON object");
  }

  @Test
  void namesUnknownFieldsAndTheFieldsTheEndpointTakes() {
    TestingServer server = server();
    Map<String, Object> body = TestingServer.build("api", COMMIT);
    body.put("colour", "red");
    body.put("branch", "main");
    JsonNode problem = problem(server.post("api/v1/builds", body), 422);

    assertThat(problem.get("field").asText()).isEqualTo("branch");
    assertThat(problem.get("detail").asText())
        .isEqualTo(
            "unknown fields [branch, colour]; this endpoint takes [commit, component, image, url,"
                + " version]");
    assertNothingRegistered(server);
  }

  @Test
  void namesAFieldOfTheWrongType() {
    TestingServer server = server();
    Map<String, Object> build = TestingServer.build("api", COMMIT);
    build.put("image", 42);
    JsonNode image = problem(server.post("api/v1/builds", build), 422);
    assertThat(image.get("field").asText()).isEqualTo("image");
    assertThat(image.get("detail").asText()).isEqualTo("'image' must be a string");

    JsonNode builds =
        problem(
            server.post(
                "api/v1/promotions",
                Map.of("environment", "production", "builds", "api@" + COMMIT)),
            422);
    assertThat(builds.get("field").asText()).isEqualTo("builds");
    assertThat(builds.get("detail").asText()).isEqualTo("'builds' must be a list of strings");
    assertNothingRegistered(server);
    assertThat(server.get("api/v1/promotions").json()).isEmpty();
  }

  @Test
  void namesTheBuildsEntryAtFault() {
    TestingServer server = server();
    register(server, "api", COMMIT);

    JsonNode notText = promote(server, List.of("api@" + COMMIT, 7));
    assertThat(notText.get("field").asText()).isEqualTo("builds[1]");
    assertThat(notText.get("detail").asText()).isEqualTo("'builds[1]' must be a string");

    JsonNode noAt = promote(server, List.of("api"));
    assertThat(noAt.get("field").asText()).isEqualTo("builds[0]");
    assertThat(noAt.get("detail").asText())
        .isEqualTo("build 'api' is not of the form component@<40-character commit>");

    JsonNode shortCommit = promote(server, List.of("api@f3d0498"));
    assertThat(shortCommit.get("field").asText()).isEqualTo("builds[0]");
    assertThat(shortCommit.get("detail").asText())
        .contains("commit 'f3d0498' is not a full 40-character hexadecimal git commit id");

    JsonNode twice = promote(server, List.of("api@" + COMMIT, "api@" + OTHER_COMMIT));
    assertThat(twice.get("field").asText()).isEqualTo("builds");
    assertThat(twice.get("detail").asText())
        .isEqualTo("component 'api' is named twice; promote one build per component");

    JsonNode none = promote(server, List.of());
    assertThat(none.get("field").asText()).isEqualTo("builds");
    assertThat(none.get("detail").asText()).isEqualTo("name at least one build to promote");

    List<String> promotions =
        server.get("api/v1/promotions?environment=production").json().findValuesAsText("id");
    assertThat(promotions).isEmpty();
  }

  @Test
  void namesAnEnvironmentThatIsNotConfigured() {
    TestingServer server = server();
    register(server, "api", COMMIT);
    JsonNode problem =
        problem(
            server.post(
                "api/v1/promotions",
                Map.of("environment", "prod", "builds", List.of("api@" + COMMIT))),
            422);

    assertThat(problem.get("field").asText()).isEqualTo("environment");
    assertThat(problem.get("detail").asText())
        .isEqualTo(
            "environment 'prod' is not configured; configured environments: [production,"
                + " staging]");
  }

  @Test
  void refusesTheSameCommitWithAnotherImageNamingBothImages() {
    TestingServer server = server();
    Map<String, Object> first = TestingServer.build("api", COMMIT);
    first.put("image", "ghcr.io/cds-snc/notify-api:f3d0498");
    assertThat(server.post("api/v1/builds", first).status()).isEqualTo(201);
    List<String> auditBefore = actionsOfPeople(server);

    Map<String, Object> second = TestingServer.build("api", COMMIT);
    second.put("image", "ghcr.io/cds-snc/notify-api:rebuilt");
    JsonNode problem = problem(server.post("api/v1/builds", second), 409);

    assertThat(problem.get("title").asText()).isEqualTo("Conflict");
    assertThat(problem.get("detail").asText())
        .isEqualTo(
            "build api@"
                + COMMIT
                + " is already registered with image ghcr.io/cds-snc/notify-api:f3d0498; the same"
                + " commit cannot be registered with image ghcr.io/cds-snc/notify-api:rebuilt");
    JsonNode builds = server.get("api/v1/builds").json();
    assertThat(builds).hasSize(1);
    assertThat(builds.get(0).get("image").asText()).isEqualTo("ghcr.io/cds-snc/notify-api:f3d0498");
    assertThat(actionsOfPeople(server)).isEqualTo(auditBefore);
  }

  @Test
  void refusesARollbackWhenNothingWasPromotedThere() {
    TestingServer server = server();
    JsonNode problem =
        problem(server.post("api/v1/environments/production/rollback", Map.of()), 409);

    assertThat(problem.get("detail").asText())
        .isEqualTo(
            "nothing to roll back in production: no succeeded promotion there that has not been"
                + " rolled back already");
    assertThat(server.get("api/v1/promotions").json()).isEmpty();
  }

  @Test
  void refusesToCancelAPromotionThatHasStarted() {
    TestingServer server =
        server(
            new TestingServer.Timings(
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                2,
                Duration.ofMillis(100)));
    register(server, "api", COMMIT);
    long id = server.get("api/v1/promotions?environment=staging").json().get(0).get("id").asLong();
    server.awaitPromotion(id, phase("VERIFYING"), Duration.ofSeconds(30));

    JsonNode problem =
        problem(
            server.post("api/v1/promotions/" + id + "/cancel", Map.of("reason", "changed my mind")),
            409);

    assertThat(problem.get("detail").asText())
        .isEqualTo("promotion " + id + " is verifying; it cannot go to cancelled");
    assertThat(server.get("api/v1/promotions/" + id).json().get("phase").asText())
        .isEqualTo("VERIFYING");
    assertThat(actions(server)).doesNotContain("promotion.cancelled");
  }

  @Test
  void saysWhichPromotionDoesNotExist() {
    TestingServer server = server();
    JsonNode problem = problem(server.get("api/v1/promotions/4242"), 404);

    assertThat(problem.get("title").asText()).isEqualTo("Not found");
    assertThat(problem.get("detail").asText()).isEqualTo("promotion 4242 does not exist");
  }

  @Test
  void saysWhichBuildIsNotRegistered() {
    TestingServer server = server();
    JsonNode problem = problem(server.get("api/v1/builds/api/" + COMMIT), 404);

    assertThat(problem.get("detail").asText())
        .isEqualTo(
            "build api@"
                + COMMIT
                + " is not registered; register it first (slipway build"
                + " register)");
  }

  @Test
  void saysWhichEndpointDoesNotExist() {
    TestingServer server = server();
    JsonNode problem = problem(server.get("api/v1/deployments"), 404);

    assertThat(problem.get("detail").asText())
        .isEqualTo("no such endpoint: GET /api/v1/deployments");
  }

  @Test
  void namesAPromotionIdThatIsNotANumber() {
    TestingServer server = server();
    JsonNode problem = problem(server.get("api/v1/promotions/latest"), 422);

    assertThat(problem.get("field").asText()).isEqualTo("id");
    assertThat(problem.get("detail").asText()).isEqualTo("'latest' is not a number");
  }

  private static JsonNode promote(TestingServer server, List<Object> builds) {
    return problem(
        server.post("api/v1/promotions", Map.of("environment", "production", "builds", builds)),
        422);
  }

  private static void register(TestingServer server, String component, String commit) {
    Answer answer = server.post("api/v1/builds", TestingServer.build(component, commit));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  private static Answer postRaw(TestingServer server, String path, String body) {
    return server.send(
        HttpRequest.newBuilder(server.url().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)),
        server.token());
  }

  private static List<String> actions(TestingServer server) {
    return server.get("api/v1/audit?limit=1000").json().findValuesAsText("action");
  }

  /**
   * The audit actions not taken by Slipway itself: the engine carries on with the first build's
   * promotion meanwhile, and that is not what a refused request may change.
   */
  private static List<String> actionsOfPeople(TestingServer server) {
    List<String> actions = new java.util.ArrayList<>();
    for (JsonNode event : server.get("api/v1/audit?limit=1000").json()) {
      if (!"slipway".equals(event.get("actor").asText())) {
        actions.add(event.get("action").asText());
      }
    }
    return actions;
  }

  private static void assertNothingRegistered(TestingServer server) {
    assertThat(server.get("api/v1/builds").json()).isEmpty();
    assertThat(actions(server)).doesNotContain("build.registered");
  }

  /** Checks the parts every problem response has, and returns its document. */
  private static JsonNode problem(Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode problem;
    try {
      problem = Json.mapper().readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.body(), e);
    }
    assertThat(problem.get("type").asText()).startsWith("https://slipway.dev/problems/");
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    return problem;
  }
}
