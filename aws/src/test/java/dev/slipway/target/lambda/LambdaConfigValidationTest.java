package dev.slipway.target.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.config.ConfigLoader;
import dev.slipway.config.ConfigProblem;
import dev.slipway.config.InvalidConfigException;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Configuration validation of {@code lambda} targets and {@code cloudwatch-alarm} checks, as {@code
 * slipway config validate} runs it: the schema first, then each entry made by its type.
 */
final class LambdaConfigValidationTest {
  private static final String FILE = "slipway.yaml";
  private static final String VALID =
      """
      components:
        notify-lambda: {}
      environments:
        staging:
          components:
            notify-lambda:
              targets:
                - type: lambda
                  function: notify-lambda
                  alias: live
                  imageUri: 123456789012.dkr.ecr.ca-central-1.amazonaws.com/notify-lambda:{shortCommit}
                  trafficShift: {weight: 10, period: 5m}
                  region: ca-central-1
              checks:
                - type: cloudwatch-alarm
                  alarms: [notify-lambda-errors, notify-lambda-throttles]
                  interval: 1m
                  region: ca-central-1
      """;

  private final ConfigLoader loader =
      new ConfigLoader(
          Plugins.discover()
              .validator(Path.of("slipway-data"), name -> Optional.empty(), new TestingClock()));

  @Test
  void acceptsALambdaTargetAndACloudWatchAlarmCheck() {
    SlipwayConfig config = loader.parse(VALID, FILE);

    assertThat(config.components()).hasSize(1);
  }

  @Test
  void reportsAWeightOutOfRangeAtItsPath() {
    assertThat(located(VALID.replace("weight: 10", "weight: 100")))
        .containsExactly(
            "environments.staging.components.notify-lambda.targets[0].trafficShift.weight");
  }

  @Test
  void reportsAMissingAliasAtTheTarget() {
    assertThat(problems(VALID.replace("            alias: live\n", "")))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path())
                  .isEqualTo("environments.staging.components.notify-lambda.targets[0].alias");
              assertThat(problem.message()).isEqualTo("required but missing");
            });
  }

  @Test
  void reportsAnUnknownPlaceholderInTheImageUriAtItsPath() {
    List<ConfigProblem> problems = problems(VALID.replace("{shortCommit}", "{sha}"));

    assertThat(problems)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path())
                  .isEqualTo("environments.staging.components.notify-lambda.targets[0].imageUri");
              assertThat(problem.message()).contains("unknown placeholder {sha}");
            });
  }

  @Test
  void reportsAnImageAndAZipPackageTogether() {
    assertThat(
            problems(
                VALID.replace(
                    "            region: ca-central-1\n        checks:",
                    "            region: ca-central-1\n            s3Bucket: notify-packages\n"
                        + "            s3Key: \"notify-{commit}.zip\"\n        checks:")))
        .isNotEmpty()
        .allSatisfy(
            problem ->
                assertThat(problem.path())
                    .startsWith("environments.staging.components.notify-lambda.targets[0]"));
  }

  @Test
  void reportsARegionThatIsNotARegionNameAtItsPath() {
    List<ConfigProblem> problems =
        problems(VALID.replaceFirst("region: ca-central-1", "region: canada"));

    assertThat(problems)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path())
                  .isEqualTo("environments.staging.components.notify-lambda.targets[0].region");
              assertThat(problem.message()).contains("'canada' is not an AWS region name");
            });
  }

  @Test
  void reportsAnEmptyAlarmListAtItsPath() {
    assertThat(located(VALID.replace("[notify-lambda-errors, notify-lambda-throttles]", "[]")))
        .containsExactly("environments.staging.components.notify-lambda.checks[0].alarms");
  }

  @Test
  void reportsAMisspeltCheckSettingAtItsPath() {
    assertThat(located(VALID.replace("interval: 1m", "intervall: 1m")))
        .containsExactly("environments.staging.components.notify-lambda.checks[0].intervall");
  }

  private List<ConfigProblem> problems(String yaml) {
    try {
      SlipwayConfig config = loader.parse(yaml, FILE);
      throw new AssertionError("expected the configuration to be refused: " + config);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
  }

  private List<String> located(String yaml) {
    return problems(yaml).stream().map(ConfigProblem::path).toList();
  }
}
