package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.component.ComponentName;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configuration of command targets and checks, Prometheus checks and steps, checked as loaded. */
class CommandAndPrometheusConfigTest {
  private static final String FILE = "slipway.yaml";
  private static final String VALID =
      """
      components: {infrastructure: {}}
      environments:
        staging:
          steps:
            before:
              - name: backup
                command: [./backup.sh]
                timeout: 30m
            after:
              - name: clear-cache
                command: [sh, -c, "redis-cli FLUSHALL"]
                onFailure: rollback
          components:
            infrastructure:
              targets:
                - type: command
                  command: [terragrunt, apply, -auto-approve]
                  workingDirectory: infrastructure/staging
                  environment: {TF_IN_AUTOMATION: "1"}
              checks:
                - type: prometheus
                  url: http://prometheus.monitoring:9090
                  query: sum(rate(errors_total[5m]))
                  comparison: "<"
                  threshold: 0.5
                - type: command
                  command: [./smoke-test.sh]
      """;

  private final ConfigLoader loader =
      new ConfigLoader(
          Plugins.discover()
              .validator(Path.of("slipway-data"), name -> Optional.empty(), new TestingClock()));

  @Test
  void loadsStepsWithTheirDefaults() {
    EnvironmentConfig staging =
        loader
            .parse(VALID.replace("          onFailure: rollback\n", ""), FILE)
            .getEnvironment(EnvironmentName.of("staging"));

    assertThat(staging.beforeSteps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.name()).isEqualTo("backup");
              assertThat(step.onFailure()).isEqualTo(StepFailure.REPORT);
              assertThat(step.command().path()).isEqualTo("environments.staging.steps.before[0]");
            });
    assertThat(staging.afterSteps()).extracting(StepConfig::name).containsExactly("clear-cache");
    assertThat(staging.getDeployment(ComponentName.of("infrastructure")).targets())
        .singleElement()
        .extracting(PluginConfig::type)
        .isEqualTo("command");
    assertThat(
            Plugins.stepSettings(staging.beforeSteps().get(0).command(), loader.parse(VALID, FILE))
                .timeout())
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void readsAnAfterStepThatRollsBack() {
    assertThat(
            loader
                .parse(VALID, FILE)
                .getEnvironment(EnvironmentName.of("staging"))
                .afterSteps()
                .get(0)
                .onFailure())
        .isEqualTo(StepFailure.ROLLBACK);
  }

  @Test
  void reportsWrongSettingsOfEachNewKindWithTheirPaths() {
    String yaml =
        VALID
            .replace("command: [./backup.sh]", "command: ./backup.sh")
            .replace("onFailure: rollback", "onFailure: retry")
            .replace("TF_IN_AUTOMATION", "SLIPWAY_COMMIT")
            .replace("comparison: \"<\"", "comparison: \"=<\"")
            .replace("threshold: 0.5", "threshold: 1%")
            .replace(
                "command: [./smoke-test.sh]",
                "command: [./smoke-test.sh]\n            intervall: 5s");

    assertThat(problems(yaml))
        .containsExactly(
            "environments.staging.steps.before[0].command: must be a list, not './backup.sh'",
            "environments.staging.steps.after[0].onFailure: must be one of report or rollback,"
                + " not 'retry'",
            "environments.staging.components.infrastructure.checks[0].comparison: must be one of"
                + " <, <=, >, >= or ==, not '=<'",
            "environments.staging.components.infrastructure.checks[0].threshold: must be a"
                + " number, not '1%'",
            "environments.staging.components.infrastructure.checks[1].intervall: unknown key"
                + " 'intervall' (did you mean 'interval'?); expected one of: command, environment,"
                + " failureThreshold, interval, timeout, type, workingDirectory");
  }

  @Test
  void reportsWhatOnlyTheImplementationsKnowAtTheirPaths() {
    String yaml =
        VALID
            .replace("TF_IN_AUTOMATION", "SLIPWAY_COMMIT")
            .replace(
                "command: [./backup.sh]",
                "command: [./backup.sh]\n          environment: {SLIPWAY_STEP: x}")
            .replace(
                "threshold: 0.5",
                "threshold: 0.5\n            bearerTokenEnv: T\n            bearerTokenFile: t");

    assertThat(problems(yaml))
        .containsExactly(
            "environments.staging.steps.before[0].environment: 'SLIPWAY_STEP' cannot be set here:"
                + " Slipway sets the SLIPWAY_* variables itself",
            "environments.staging.components.infrastructure.targets[0].environment:"
                + " 'SLIPWAY_COMMIT' cannot be set here: Slipway sets the SLIPWAY_* variables"
                + " itself",
            "environments.staging.components.infrastructure.checks[0].bearerTokenFile: set"
                + " bearerTokenEnv or bearerTokenFile, not both: the token must come from one"
                + " place");
  }

  private List<String> problems(String yaml) {
    try {
      SlipwayConfig config = loader.parse(yaml, FILE);
      throw new AssertionError("expected the configuration to be refused: " + config);
    } catch (InvalidConfigException e) {
      return e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
    }
  }
}
