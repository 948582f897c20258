package dev.slipway.check.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.check.Check;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class HttpCheckTypeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PluginContext CONTEXT =
      new PluginContext(
          new SlipwayConfig(Path.of("slipway.yaml"), Map.of(), Map.of(), Map.of()),
          Path.of("slipway-data"),
          name -> Optional.empty(),
          new TestingClock());

  @Test
  void isFoundByItsNameOnTheClassPath() {
    Check check =
        Plugins.discover()
            .createCheck(config("{\"url\": \"https://api.example/_status\"}"), CONTEXT);

    assertThat(check).isInstanceOf(HttpCheck.class);
    assertThat(check.description()).isEqualTo("GET https://api.example/_status");
  }

  @Test
  void fillsInTheDefaults() {
    HttpCheck check = create("{\"url\": \"http://api.staging.example/_status\"}");

    assertThat(check.settings())
        .isEqualTo(
            new HttpCheckSettings(
                URI.create("http://api.staging.example/_status"),
                JsonPointer.compile("/commit_sha"),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                3));
  }

  @Test
  void readsEverySetting() {
    HttpCheck check =
        create(
            """
            {"url": "https://api.example/_status", "versionPointer": "/build/sha",
             "interval": "30s", "timeout": "1500ms", "failureThreshold": 5}
            """);

    assertThat(check.settings())
        .isEqualTo(
            new HttpCheckSettings(
                URI.create("https://api.example/_status"),
                JsonPointer.compile("/build/sha"),
                Duration.ofSeconds(30),
                Duration.ofMillis(1500),
                5));
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(check.failureThreshold()).isEqualTo(5);
  }

  @Test
  void acceptsAFailureThresholdWrittenAsText() {
    assertThat(
            create("{\"url\": \"http://a.example/\", \"failureThreshold\": \"2\"}")
                .failureThreshold())
        .isEqualTo(2);
  }

  @Test
  void requiresAUrl() {
    assertInvalid("{\"interval\": \"10s\"}", "url", "'url' is required");
  }

  @Test
  void rejectsAUrlThatIsNotHttp() {
    assertInvalid(
        "{\"url\": \"ftp://api.example/_status\"}",
        "url",
        "'ftp://api.example/_status' is not an http or https URL");
  }

  @Test
  void rejectsAUrlWithoutAScheme() {
    assertInvalid(
        "{\"url\": \"api.example/_status\"}", "url", "'api.example/_status' is not an http");
  }

  @Test
  void rejectsAUrlWithoutAHost() {
    assertInvalid("{\"url\": \"http:///_status\"}", "url", "is not an http or https URL");
  }

  @Test
  void rejectsAUrlThatDoesNotParse() {
    assertInvalid("{\"url\": \"http://api example/\"}", "url", "is not an http or https URL");
  }

  @Test
  void rejectsAVersionPointerThatIsNotAJsonPointer() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"versionPointer\": \"commit_sha\"}",
        "versionPointer",
        "'commit_sha' is not a JSON pointer");
  }

  @Test
  void rejectsAnIntervalThatIsNotADuration() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"interval\": \"10 seconds\"}",
        "interval",
        "'10 seconds' is not a duration");
  }

  @Test
  void rejectsAZeroInterval() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"interval\": \"0s\"}",
        "interval",
        "interval must be longer than zero, not 0s");
  }

  @Test
  void rejectsATimeoutThatIsNotADuration() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"timeout\": 5}", "timeout", "'5' is not a duration");
  }

  @Test
  void rejectsAZeroTimeout() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"timeout\": \"0ms\"}",
        "timeout",
        "timeout must be longer than zero");
  }

  @Test
  void rejectsAFailureThresholdBelowOne() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"failureThreshold\": 0}",
        "failureThreshold",
        "failureThreshold must be at least 1, not 0");
  }

  @Test
  void rejectsAFailureThresholdThatIsNotAWholeNumber() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"failureThreshold\": 2.5}",
        "failureThreshold",
        "failureThreshold must be a whole number, not '2.5'");
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"failureThreshold\": \"three\"}",
        "failureThreshold",
        "failureThreshold must be a whole number, not 'three'");
  }

  @Test
  void rejectsAMisspeltSettingRatherThanIgnoringIt() {
    assertInvalid(
        "{\"url\": \"http://a.example/\", \"timout\": \"30s\"}",
        "timout",
        "unknown setting [timout] of an http check; its settings are [failureThreshold, interval,"
            + " timeout, type, url, versionPointer]");
  }

  private static HttpCheck create(String settings) {
    return (HttpCheck) new HttpCheckType().create(config(settings), CONTEXT);
  }

  private static void assertInvalid(String settings, String field, String message) {
    SlipwayException error = catchThrowableOfType(SlipwayException.class, () -> create(settings));

    assertThat(error).as("error for %s", settings).isNotNull();
    assertThat(error.category()).isEqualTo(ErrorCategory.USER);
    assertThat(error.field()).contains(field);
    assertThat(error.getMessage()).contains(message);
  }

  private static PluginConfig config(String settings) {
    ObjectNode node;
    try {
      node = (ObjectNode) JSON.readTree(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test settings are not JSON: " + settings, e);
    }
    node.put("type", "http");
    return new PluginConfig("http", node, "environments.staging.components.api.checks[0]");
  }
}
