package dev.slipway.check.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.check.Check;
import dev.slipway.check.CheckOutcome;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPECTED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

  @TempDir Path directory;

  @Test
  void passesWhenTheProgramExitsWithZero() {
    CheckResult result = check("echo smoke test ok").run(request(CheckStage.BAKE));

    assertThat(result).isEqualTo(CheckResult.passed("exited with 0: smoke test ok"));
  }

  @Test
  void failsWithTheLastOutputLinesWhenTheProgramExitsWithAnotherCode() {
    CheckResult result =
        check("echo 'GET /v2/notifications'; echo 'expected 201, got 500' >&2; exit 1")
            .run(request(CheckStage.ROLLOUT));

    assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
    assertThat(result.detail())
        .isEqualTo("exited with 1; last lines: GET /v2/notifications | expected 201, got 500");
  }

  @Test
  void failsWhenTheProgramRunsPastItsTimeout() {
    CheckResult result = check("sleep 60", "timeout", "1s").run(request(CheckStage.BAKE));

    assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
    assertThat(result.detail()).startsWith("did not finish within 1s and was killed");
  }

  @Test
  void tellsTheProgramWhatItChecks() throws Exception {
    Path seen = directory.resolve("seen");
    check(
            "echo \"$SLIPWAY_ENVIRONMENT $SLIPWAY_COMPONENT $SLIPWAY_CHECK_STAGE"
                + " $SLIPWAY_EXPECTED_VERSION $SLIPWAY_SHORT_COMMIT\" > "
                + seen)
        .run(request(CheckStage.ROLLOUT));

    assertThat(Files.readString(seen).strip())
        .isEqualTo("staging api rollout " + EXPECTED + " a1b2c3d");
  }

  @Test
  void readsItsIntervalAndFailureThresholdWithDefaults() {
    Check defaults = check("true");
    Check set = check("true", "interval", "5s");

    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.failureThreshold()).isEqualTo(3);
    assertThat(set.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.description()).isEqualTo("command sh -c true");
  }

  @Test
  void refusesAFailureThresholdBelowOne() {
    ObjectNode settings = settings("true");
    settings.put("failureThreshold", 0);

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class,
            () ->
                Plugins.discover()
                    .createCheck(new PluginConfig("command", settings, "checks[0]"), context()));

    assertThat(error.field()).contains("failureThreshold");
  }

  private Check check(String script, String... extra) {
    ObjectNode settings = settings(script);
    for (int i = 0; i < extra.length; i += 2) {
      settings.put(extra[i], extra[i + 1]);
    }
    return Plugins.discover()
        .createCheck(new PluginConfig("command", settings, "checks[0]"), context());
  }

  private static ObjectNode settings(String script) {
    ObjectNode settings = JSON.createObjectNode().put("type", "command");
    settings.putArray("command").add("sh").add("-c").add(script);
    return settings;
  }

  private static CheckRequest request(CheckStage stage) {
    return new CheckRequest(
        EnvironmentName.of("staging"), ComponentName.of("api"), stage, Optional.of(EXPECTED));
  }

  private PluginContext context() {
    return new PluginContext(
        new SlipwayConfig(directory.resolve("slipway.yaml"), Map.of(), Map.of(), Map.of()),
        directory.resolve("data"),
        name -> Optional.empty(),
        new TestingClock());
  }
}
