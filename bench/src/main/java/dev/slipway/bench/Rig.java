package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.fleet.Fleet;
import dev.slipway.fleet.FleetSettings;
import dev.slipway.fleet.ManifestsSource;
import dev.slipway.target.git.ValueLocator;
import dev.slipway.testing.TestingGitRemote;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a benchmark runs the server against: a manifests repository (a bare git repository in a
 * folder, pushed to by the server over the local transport), the simulated fleet following it, one
 * automatic {@code staging} environment deploying {@code api} through {@code
 * helmfile/overrides/staging.env}, a data directory, and a token made with {@code slipway token
 * create}.
 */
final class Rig implements AutoCloseable {
  static final String FILE = "helmfile/overrides/staging.env";
  static final String INITIAL = "# staging overrides\nAPI_DOCKER_TAG: \"0000000\"\n";
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final ComponentName API = ComponentName.of("api");

  /** How staging verifies: what the measured times depend on, so reports quote it. */
  record Staging(
      Duration bakeTime, Duration rolloutTimeout, Duration checkInterval, int failureThreshold) {
    Staging {
      requireNonNull(bakeTime, "bakeTime is null");
      requireNonNull(rolloutTimeout, "rolloutTimeout is null");
      requireNonNull(checkInterval, "checkInterval is null");
    }

    String describe() {
      return "bake time "
          + bakeTime.toMillis()
          + " ms, check every "
          + checkInterval.toMillis()
          + " ms, failure threshold "
          + failureThreshold;
    }
  }

  private final Path directory;
  private final TestingGitRemote manifests;
  private final Fleet fleet;
  private final Path config;
  private final String token;

  private Rig(Path directory, TestingGitRemote manifests, Fleet fleet, Staging staging) {
    this.directory = directory;
    this.manifests = manifests;
    this.fleet = fleet;
    this.config = directory.resolve("slipway.yaml");
    try {
      Files.writeString(config, config(staging), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.token = createToken(dataDirectory(), "Bench", "bench@example.org");
  }

  /** A fresh rig in a new folder under {@code parent}. */
  static Rig create(Path parent, String name, Staging staging) {
    Path directory = parent.resolve(name);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestingGitRemote manifests =
        TestingGitRemote.create(directory.resolve("manifests.git"), "main", Map.of(FILE, INITIAL));
    // The services switch as soon as they notice a change: the benchmarks measure Slipway, not
    // a simulated rollout.
    Fleet fleet =
        Fleet.start(
            FleetSettings.defaults()
                .withPollInterval(Duration.ofMillis(10))
                .withRolloutDelay(Duration.ZERO));
    try {
      fleet.register(
          STAGING,
          API,
          new ManifestsSource(
              manifests.directory(), "main", FILE, ValueLocator.envKey("API_DOCKER_TAG")));
      return new Rig(directory, manifests, fleet, staging);
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  private String config(Staging staging) {
    return String.join(
        "\n",
        "repositories:",
        "  manifests:",
        "    url: " + manifests.url(),
        "components:",
        "  api: {}",
        "environments:",
        "  staging:",
        "    policy: automatic",
        "    bakeTime: " + staging.bakeTime().toMillis() + "ms",
        "    rolloutTimeout: " + staging.rolloutTimeout().toMillis() + "ms",
        "    components:",
        "      api:",
        "        targets:",
        "          - type: git-file",
        "            repository: manifests",
        "            file: " + FILE,
        "            key: API_DOCKER_TAG",
        "        checks:",
        "          - type: http",
        "            url: " + fleet.url(STAGING, API),
        "            interval: " + staging.checkInterval().toMillis() + "ms",
        "            timeout: 2s",
        "            failureThreshold: " + staging.failureThreshold(),
        "");
  }

  /**
   * A user's API token, made with {@code slipway token create} in the data directory of a server
   * that is not running yet (the embedded database is locked while it runs).
   */
  static String createToken(Path data, String name, String email) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SlipwayCommand.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "token",
            "create",
            "--name",
            name,
            "--email",
            email,
            "--data-dir",
            data.toString(),
            "--output",
            "json");
    if (code != 0) {
      throw new IllegalStateException(
          "slipway token create for " + email + " failed (" + code + "): " + err);
    }
    try {
      return new ObjectMapper().readTree(out.toString()).get("token").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path directory() {
    return directory;
  }

  Path config() {
    return config;
  }

  Path dataDirectory() {
    return directory.resolve("data");
  }

  TestingGitRemote manifests() {
    return manifests;
  }

  Fleet fleet() {
    return fleet;
  }

  String token() {
    return token;
  }

  @Override
  public void close() {
    fleet.close();
  }
}
