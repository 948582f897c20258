package dev.slipway.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.component.ComponentName;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.ConfigProblem;
import dev.slipway.config.InvalidConfigException;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesTargetConfigTest {
  private static final String TARGET = "environments.staging.components.api.targets[0]";

  @TempDir Path directory;

  @Test
  void acceptsTheApiAndCeleryWorkersOfGcNotifyAsTwoTargetsOfOneComponent() {
    SlipwayConfig config =
        loader()
            .parse(
                """
                components:
                  api: {}
                environments:
                  staging:
                    components:
                      api:
                        targets:
                          - type: kubernetes
                            kind: Deployment
                            namespace: notification-canada-ca
                            name: api
                            container: api
                            image: "public.ecr.aws/cds-snc/notify-api:{shortCommit}"
                            context: staging
                          - type: kubernetes
                            kind: Deployment
                            namespace: notification-canada-ca
                            name: celery-primary
                            container: celery-primary
                            image: "public.ecr.aws/cds-snc/notify-api:{shortCommit}"
                            rolloutTimeout: 10m
                            context: staging
                """,
                "slipway.yaml");

    assertThat(
            config
                .getEnvironment(EnvironmentName.of("staging"))
                .getDeployment(ComponentName.of("api"))
                .targets())
        .hasSize(2);
  }

  @Test
  void reportsAKindThatIsNotAWorkloadAtItsPath() {
    assertThat(problems("kind: Pod"))
        .extracting(ConfigProblem::path)
        .containsExactly(TARGET + ".kind");
  }

  @Test
  void reportsAnUnknownSettingAtItsPath() {
    assertThat(problems("replicas: \"3\""))
        .extracting(ConfigProblem::path)
        .containsExactly(TARGET + ".replicas");
  }

  @Test
  void reportsAWorkloadNameKubernetesWouldRefuse() {
    assertThat(problems("name: Notify_API"))
        .extracting(ConfigProblem::path)
        .containsExactly(TARGET + ".name");
  }

  @Test
  void reportsAnImageTemplateWithAnUnknownPlaceholder() {
    List<ConfigProblem> problems = problems("image: \"notify-api:{sha}\"");

    assertThat(problems).extracting(ConfigProblem::path).containsExactly(TARGET + ".image");
    assertThat(problems.get(0).message())
        .isEqualTo(
            "image 'notify-api:{sha}' uses unknown placeholder {sha}; known placeholders:"
                + " [{commit}, {shortCommit}, {version}, {image}, {imageTag}]");
  }

  @Test
  void reportsARolloutTimeoutOfZero() {
    List<ConfigProblem> problems = problems("rolloutTimeout: 0s");

    assertThat(problems)
        .extracting(ConfigProblem::path)
        .containsExactly(TARGET + ".rolloutTimeout");
    assertThat(problems.get(0).message()).contains("longer than zero");
  }

  @Test
  void reportsAMissingContainerSetting() {
    String yaml =
        """
        components:
          api: {}
        environments:
          staging:
            components:
              api:
                targets:
                  - {type: kubernetes, kind: Deployment, namespace: notify, name: api}
        """;

    List<ConfigProblem> problems =
        catchThrowableOfType(
                InvalidConfigException.class, () -> loader().parse(yaml, "slipway.yaml"))
            .problems();

    assertThat(problems)
        .extracting(ConfigProblem::path, ConfigProblem::message)
        .containsExactly(tuple(TARGET + ".container", "required but missing"));
  }

  /** The problems of a valid Deployment target with one setting replaced or added. */
  private List<ConfigProblem> problems(String setting) {
    String key = setting.substring(0, setting.indexOf(':'));
    StringBuilder target = new StringBuilder();
    for (String line :
        List.of(
            "kind: Deployment",
            "namespace: notify",
            "name: api",
            "container: api",
            "kubeconfig: kubeconfig")) {
      if (!line.startsWith(key + ":")) {
        target.append("            ").append(line).append('\n');
      }
    }
    target.append("            ").append(setting).append('\n');
    String yaml =
        """
        components:
          api: {}
        environments:
          staging:
            components:
              api:
                targets:
                  - type: kubernetes
        %s"""
            .formatted(target);
    return catchThrowableOfType(
            InvalidConfigException.class, () -> loader().parse(yaml, "slipway.yaml"))
        .problems();
  }

  private ConfigLoader loader() {
    return new ConfigLoader(
        Plugins.discover()
            .validator(directory.resolve("data"), Secrets.fromEnvironment(), new TestingClock()));
  }
}
