package dev.slipway.target.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployAction;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Target;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTargetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ComponentName INFRASTRUCTURE = ComponentName.of("infrastructure");
  private static final CommitSha NEW = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final String OLD = "0123456789abcdef0123456789abcdef01234567";
  private static final String VARIABLES =
      "SLIPWAY_ENVIRONMENT SLIPWAY_COMPONENT SLIPWAY_COMMIT SLIPWAY_SHORT_COMMIT SLIPWAY_IMAGE"
          + " SLIPWAY_PREVIOUS_COMMIT SLIPWAY_OPERATION SLIPWAY_ACTION TF_IN_AUTOMATION";

  @TempDir Path directory;

  @Test
  void isFoundByItsNameAndDeploysTheCommit() {
    Target target = target("echo applying");

    assertThat(target).isInstanceOf(CommandTarget.class);
    assertThat(target.description()).startsWith("command sh -c ");
    assertThat(target.valueFor(build())).isEqualTo(NEW.value());
    assertThat(target.deployer()).isSameAs(target);
  }

  @Test
  void runsTheCommandWithVariablesDescribingTheDeployAndReportsWhatItReplaced() throws IOException {
    Path seen = directory.resolve("seen.env");
    Target target =
        target("for v in " + VARIABLES + "; do printenv $v || echo \"$v unset\"; done > " + seen);
    List<String> log = new CopyOnWriteArrayList<>();

    AppliedOperation applied = target.deployer().apply(deploy(target, log, DeployAction.DEPLOY));

    assertThat(Files.readAllLines(seen))
        .containsExactly(
            "staging",
            "infrastructure",
            NEW.value(),
            "a1b2c3d",
            "registry.example/infrastructure:a1b2c3d",
            OLD,
            "promotion-7.1-deploy",
            "deploy",
            "1");
    assertThat(applied.resumed()).isFalse();
    assertThat(applied.reference()).isEmpty();
    assertThat(applied.changes())
        .singleElement()
        .satisfies(change -> assertThat(change.previousValue()).contains(OLD));
  }

  @Test
  void restoresByRunningTheSameCommandWithThePreviousCommit() throws IOException {
    Path seen = directory.resolve("seen.env");
    Target target =
        target("echo \"$SLIPWAY_ACTION $SLIPWAY_COMMIT $SLIPWAY_PREVIOUS_COMMIT\" > " + seen);
    TargetChange restore =
        new TargetChange(INFRASTRUCTURE, target, OLD, Optional.empty(), Optional.of(NEW.value()));

    target
        .deployer()
        .apply(
            new DeployOperation(
                "promotion-7.1-revert",
                "Revert",
                "",
                List.of(restore),
                note -> {},
                Optional.of(EnvironmentName.of("staging")),
                DeployAction.RESTORE));

    assertThat(Files.readString(seen).strip()).isEqualTo("restore " + OLD + " " + NEW.value());
  }

  @Test
  void streamsItsOutputIntoTheStepLogWithItsName() {
    Target target = target("echo planning; echo 'Apply complete! Resources: 1 changed.'");
    List<String> log = new CopyOnWriteArrayList<>();

    target.deployer().apply(deploy(target, log, DeployAction.DEPLOY));

    String name = "infrastructure " + target.description();
    assertThat(log)
        .startsWith("Running " + name + " for a1b2c3d")
        .contains(name + ": planning", name + ": Apply complete! Resources: 1 changed.")
        .last()
        .asString()
        .startsWith(name + " finished in ");
  }

  @Test
  void aNonZeroExitIsATerminalErrorNamingTheCodeAndTheLastLines() {
    Target target = target("echo 'Error: state lock held' >&2; exit 2");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class,
            () ->
                target
                    .deployer()
                    .apply(deploy(target, new CopyOnWriteArrayList<>(), DeployAction.DEPLOY)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.category()).isEqualTo(ErrorCategory.EXTERNAL);
    assertThat(error.getMessage())
        .contains("promotion-7.1-deploy")
        .endsWith("exited with 2; last lines: Error: state lock held");
  }

  @Test
  void aTimeoutIsATerminalError() {
    Target target = target("sleep 60", "timeout", "1s");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class,
            () ->
                target
                    .deployer()
                    .apply(deploy(target, new CopyOnWriteArrayList<>(), DeployAction.DEPLOY)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.getMessage()).contains("did not finish within 1s and was killed");
  }

  @Test
  void refusesWrongSettingsNamingThem() {
    assertThat(invalid("{\"type\": \"command\", \"command\": \"terraform apply\"}").field())
        .contains("command");
    assertThat(invalid("{\"type\": \"command\", \"command\": []}").field()).contains("command");
    assertThat(
            invalid("{\"type\": \"command\", \"command\": [\"make\"], \"timeout\": \"0s\"}")
                .field())
        .contains("timeout");
    assertThat(
            invalid(
                    "{\"type\": \"command\", \"command\": [\"make\"],"
                        + " \"environment\": {\"SLIPWAY_COMMIT\": \"x\"}}")
                .getMessage())
        .contains("Slipway sets the SLIPWAY_* variables itself");
    SlipwayException unknown =
        invalid("{\"type\": \"command\", \"command\": [\"make\"], \"timout\": \"5m\"}");
    assertThat(unknown.field()).contains("timout");
    assertThat(unknown.getMessage())
        .isEqualTo(
            "unknown setting [timout] of a command target; its settings are [command,"
                + " environment, timeout, workingDirectory]");
  }

  @Test
  void defaultsToATenMinuteTimeoutAndAWorkingDirectoryBesideTheConfiguration() {
    CommandTarget target =
        (CommandTarget)
            Plugins.discover()
                .createTarget(
                    config(
                        "{\"type\": \"command\", \"command\": [\"terragrunt\", \"apply\"],"
                            + " \"workingDirectory\": \"infrastructure/staging\"}"),
                    context());

    assertThat(target.settings().timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(target.settings().workingDirectory())
        .contains(directory.resolve("infrastructure/staging").toAbsolutePath().normalize());
  }

  private SlipwayException invalid(String json) {
    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> Plugins.discover().createTarget(config(json), context()));
    assertThat(error.category()).isEqualTo(ErrorCategory.USER);
    return error;
  }

  private Target target(String script, String... extra) {
    ObjectNode settings = JSON.createObjectNode().put("type", "command");
    settings.putArray("command").add("sh").add("-c").add(script);
    settings.putObject("environment").put("TF_IN_AUTOMATION", "1");
    for (int i = 0; i < extra.length; i += 2) {
      settings.put(extra[i], extra[i + 1]);
    }
    return Plugins.discover()
        .createTarget(
            new PluginConfig("command", settings, "environments.staging.components.x.targets[0]"),
            context());
  }

  private static DeployOperation deploy(Target target, List<String> log, DeployAction action) {
    return new DeployOperation(
        "promotion-7.1-deploy",
        "Deploy infrastructure@a1b2c3d to staging",
        "",
        List.of(
            new TargetChange(
                INFRASTRUCTURE,
                target,
                target.valueFor(build()),
                Optional.of(build()),
                Optional.of(OLD))),
        log::add,
        Optional.of(EnvironmentName.of("staging")),
        action);
  }

  private static Build build() {
    return new Build(
        1,
        INFRASTRUCTURE,
        NEW,
        "a1b2c3d",
        Optional.of("registry.example/infrastructure:a1b2c3d"),
        Optional.empty(),
        Instant.parse("2026-03-02T14:00:00Z"),
        Actor.person("CI", "ci@example.org"));
  }

  private PluginContext context() {
    return new PluginContext(
        new SlipwayConfig(directory.resolve("slipway.yaml"), Map.of(), Map.of(), Map.of()),
        directory.resolve("data"),
        name -> Optional.empty(),
        new TestingClock());
  }

  private static PluginConfig config(String json) {
    try {
      ObjectNode settings = (ObjectNode) JSON.readTree(json);
      return new PluginConfig(settings.path("type").asText(), settings, "targets[0]");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
