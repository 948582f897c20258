package dev.slipway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.check.Check;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code http} check, configured as a user would, against the simulated fleet. */
final class FleetHttpCheckTest {
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final String OLD = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  private static final String NEW = "f3d0498c2b5a4e1f9d8c7b6a5f4e3d2c1b0a9f8e";
  private static final Duration DELAY = Duration.ofSeconds(30);

  private final TestingClock clock = new TestingClock();
  private final Fleet fleet =
      Fleet.start(
          FleetSettings.defaults().withPollInterval(Duration.ofHours(1)).withRolloutDelay(DELAY),
          clock);
  // The manifests file names the short tag, as the seed team's API_DOCKER_TAG lines do.
  private final AtomicReference<String> manifest = new AtomicReference<>(OLD.substring(0, 7));
  private final Check check;

  FleetHttpCheckTest() {
    fleet.register(STAGING, API, () -> Optional.of(manifest.get()));
    ObjectNode settings =
        JsonNodeFactory.instance
            .objectNode()
            .put("type", "http")
            .put("url", fleet.url(STAGING, API).toString())
            .put("timeout", "2s");
    check =
        Plugins.discover()
            .createCheck(
                new PluginConfig("http", settings, "environments.staging.components.api.checks[0]"),
                new PluginContext(
                    new SlipwayConfig(Path.of("slipway.yaml"), Map.of(), Map.of(), Map.of()),
                    Path.of("slipway-data"),
                    name -> Optional.empty(),
                    clock));
    rollOut();
  }

  @AfterEach
  void stopFleet() {
    fleet.close();
  }

  @Test
  void rolloutPassesOnceTheFleetHasSwitched() {
    manifest.set(NEW.substring(0, 7));
    fleet.refresh();
    clock.advance(DELAY.minusSeconds(1));
    fleet.refresh();
    assertThat(check.run(request(CheckStage.ROLLOUT)))
        .isEqualTo(CheckResult.pending("reports 1a2b3c4, waiting for f3d0498"));

    clock.advance(Duration.ofSeconds(1));
    fleet.refresh();

    assertThat(check.run(request(CheckStage.ROLLOUT)))
        .isEqualTo(CheckResult.passed("reports f3d0498"));
  }

  @Test
  void bakeFailsWhenTheRunningBuildIsMarkedUnhealthy() {
    manifest.set(NEW.substring(0, 7));
    rollOut();
    assertThat(check.run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.passed("reports f3d0498"));

    fleet.markUnhealthy(API, "f3d0498");

    assertThat(check.run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.failed("answered 500 (reports f3d0498)"));
  }

  @Test
  void bakeFailsWhenAnotherVersionIsRolledOutMeanwhile() {
    manifest.set(NEW.substring(0, 7));
    rollOut();
    manifest.set(OLD.substring(0, 7));
    rollOut();

    assertThat(check.run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.failed("reports 1a2b3c4 instead of f3d0498"));
  }

  private void rollOut() {
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();
  }

  private static CheckRequest request(CheckStage stage) {
    return new CheckRequest(STAGING, API, stage, Optional.of(NEW));
  }
}
