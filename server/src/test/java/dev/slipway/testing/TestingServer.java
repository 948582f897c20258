package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.api.ApiServer;
import dev.slipway.api.Json;
import dev.slipway.component.ComponentName;
import dev.slipway.config.Secrets;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.fleet.Fleet;
import dev.slipway.fleet.FleetSettings;
import dev.slipway.fleet.ManifestsSource;
import dev.slipway.identity.IssuedToken;
import dev.slipway.promotion.EngineSettings;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.target.git.ValueLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A whole Slipway for end-to-end tests: a real manifests repository (a bare git remote in a
 * temporary folder), a simulated fleet whose {@code /_status} endpoints follow that repository, the
 * server on a random port with its scheduler running, and a token for the test's user.
 *
 * <p>Two environments, {@code staging} (automatic, fed by CI) and {@code production} (manual,
 * upstream staging), each deploying {@code api} and {@code admin} through lines of {@code
 * helmfile/overrides/<env>.env}, verified through the fleet.
 */
public final class TestingServer implements AutoCloseable {
  /** The manifests file each environment starts with. */
  public static final String INITIAL_ENV =
      "# GC Notify style overrides\nAPI_DOCKER_TAG: \"0000000\"\n\n# admin\nADMIN_DOCKER_TAG: \"0000000\"\n";

  private final TestingGitRemote manifests;
  private final Fleet fleet;
  private final Slipway slipway;
  private final ApiServer api;
  private final IssuedToken token;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestingServer(
      TestingGitRemote manifests, Fleet fleet, Slipway slipway, ApiServer api, IssuedToken token) {
    this.manifests = manifests;
    this.fleet = fleet;
    this.slipway = slipway;
    this.api = api;
    this.token = token;
  }

  /** Timings of the environments, kept short so tests finish in seconds of real time. */
  public record Timings(
      Duration bakeTime,
      Duration rolloutTimeout,
      Duration checkInterval,
      int failureThreshold,
      Duration rolloutDelay) {
    public static Timings fast() {
      return new Timings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofMillis(100),
          2,
          Duration.ofMillis(100));
    }
  }

  public static TestingServer start(Path directory, TestDatabase database, Timings timings) {
    return start(directory, database, timings, Clock.systemUTC());
  }

  public static TestingServer start(
      Path directory, TestDatabase database, Timings timings, Clock clock) {
    return start(directory, database, timings, clock, "");
  }

  /**
   * A server whose production has gates, given as YAML list entries such as {@code - {type:
   * approval, role: ops-lead}}; role {@code ops-lead} is held by {@code bob@example.org}.
   */
  public static TestingServer start(
      Path directory, TestDatabase database, Timings timings, Clock clock, String productionGates) {
    DatabaseSettings databaseSettings = database.settings();
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                "helmfile/overrides/staging.env", INITIAL_ENV,
                "helmfile/overrides/production.env", INITIAL_ENV));
    Fleet fleet =
        Fleet.start(
            FleetSettings.defaults()
                .withPollInterval(Duration.ofMillis(20))
                .withRolloutDelay(timings.rolloutDelay()));
    try {
      for (String environment : new String[] {"staging", "production"}) {
        for (String component : new String[] {"api", "admin"}) {
          fleet.register(
              EnvironmentName.of(environment),
              ComponentName.of(component),
              new ManifestsSource(
                  manifests.directory(),
                  "main",
                  "helmfile/overrides/" + environment + ".env",
                  ValueLocator.envKey(
                      component.toUpperCase(java.util.Locale.ROOT) + "_DOCKER_TAG")));
        }
      }
      Path config = directory.resolve("slipway.yaml");
      Files.writeString(config, config(manifests, fleet, timings, productionGates), UTF_8);
      Slipway slipway =
          Slipway.open(
              new SlipwaySettings(
                  config,
                  directory.resolve("data"),
                  databaseSettings,
                  new EngineSettings("test", 4, Duration.ofMinutes(1), Duration.ofMillis(200), 3),
                  Secrets.fromEnvironment(),
                  clock));
      ApiServer api = ApiServer.start(slipway, "127.0.0.1", 0);
      slipway.start();
      IssuedToken token =
          slipway.identities().createToken("Alice", "alice@example.org", "test", Optional.empty());
      return new TestingServer(manifests, fleet, slipway, api, token);
    } catch (IOException e) {
      fleet.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  private static String config(
      TestingGitRemote manifests, Fleet fleet, Timings timings, String productionGates) {
    StringBuilder yaml = new StringBuilder();
    if (!productionGates.isBlank()) {
      yaml.append("roles:\n  ops-lead: [bob@example.org]\n");
    }
    yaml.append("repositories:\n  manifests:\n    url: ").append(manifests.url()).append('\n');
    yaml.append("components:\n  api: {}\n  admin: {}\nenvironments:\n");
    for (String environment : new String[] {"staging", "production"}) {
      yaml.append("  ").append(environment).append(":\n");
      if (environment.equals("production")) {
        yaml.append("    upstream: staging\n    policy: manual\n");
      } else {
        yaml.append("    policy: automatic\n");
      }
      yaml.append("    bakeTime: ").append(timings.bakeTime().toMillis()).append("ms\n");
      yaml.append("    rolloutTimeout: ")
          .append(timings.rolloutTimeout().toMillis())
          .append("ms\n");
      yaml.append("    components:\n");
      for (String component : new String[] {"api", "admin"}) {
        yaml.append("      ").append(component).append(":\n");
        yaml.append(
            "        targets:\n          - type: git-file\n            repository: manifests\n");
        yaml.append("            file: helmfile/overrides/").append(environment).append(".env\n");
        yaml.append("            key: ")
            .append(component.toUpperCase(java.util.Locale.ROOT))
            .append("_DOCKER_TAG\n");
        yaml.append("        checks:\n          - type: http\n            url: ")
            .append(fleet.url(EnvironmentName.of(environment), ComponentName.of(component)))
            .append('\n');
        yaml.append("            interval: ")
            .append(timings.checkInterval().toMillis())
            .append("ms\n");
        yaml.append("            timeout: 2s\n");
        yaml.append("            failureThreshold: ")
            .append(timings.failureThreshold())
            .append('\n');
      }
    }
    if (!productionGates.isBlank()) {
      yaml.append("    gates:\n").append(productionGates.stripTrailing().indent(6));
    }
    return yaml.toString();
  }

  public TestingGitRemote manifests() {
    return manifests;
  }

  public Fleet fleet() {
    return fleet;
  }

  public Slipway slipway() {
    return slipway;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + api.port() + "/");
  }

  public String token() {
    return token.secret();
  }

  /** An HTTP answer: status and body. */
  public record Answer(int status, String contentType, String body) {
    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(url().resolve(path)).GET(), token.secret());
  }

  public Answer post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(url().resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))),
          token.secret());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request with the given token, or none when it is null. */
  public Answer send(HttpRequest.Builder request, String bearer) {
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Body of a build registration. */
  public static Map<String, Object> build(String component, String commit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("component", component);
    body.put("commit", commit);
    return body;
  }

  /**
   * Polls a promotion until the condition holds, or fails after the timeout with the promotion's
   * last state in the message. Real time passes here: the server runs on the system clock.
   */
  public JsonNode awaitPromotion(long id, Predicate<JsonNode> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode promotion = get("api/v1/promotions/" + id).json();
    while (!condition.test(promotion)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "promotion "
                + id
                + " did not get there in "
                + timeout
                + ": "
                + promotion.toPrettyString());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      promotion = get("api/v1/promotions/" + id).json();
    }
    return promotion;
  }

  public static Predicate<JsonNode> phase(String phase) {
    return promotion -> phase.equals(promotion.get("phase").asText());
  }

  @Override
  public void close() {
    try {
      api.close();
    } finally {
      try {
        slipway.close();
      } finally {
        fleet.close();
      }
    }
  }
}
