package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingPluginValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example configuration for the seed team stays loadable as the schema and loader change. */
class GcNotifyExampleTest {
  private static final Path EXAMPLE =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../examples/gc-notify.slipway.yaml")
          .normalize();

  @Test
  void loadsWithTheBuiltInTargetAndCheckTypes() {
    assertThat(EXAMPLE).isRegularFile();

    SlipwayConfig config = new ConfigLoader(TestingPluginValidator.builtIn()).load(EXAMPLE);

    assertThat(config.components().keySet())
        .extracting(ComponentName::value)
        .containsExactlyInAnyOrder("api", "admin", "document-download-api", "documentation");
    assertThat(config.entryEnvironments())
        .extracting(environment -> environment.name().value())
        .containsExactly("dev", "staging");
    EnvironmentConfig staging = config.getEnvironment(EnvironmentName.of("staging"));
    EnvironmentConfig production = config.getEnvironment(EnvironmentName.of("production"));
    assertThat(staging.policy()).isEqualTo(PromotionPolicy.AUTOMATIC);
    assertThat(production.upstream()).contains(EnvironmentName.of("staging"));
    assertThat(production.policy()).isEqualTo(PromotionPolicy.MANUAL);
    assertThat(production.components().keySet()).isEqualTo(staging.components().keySet());
    assertThat(config.repositories().get("manifests").tokenEnv()).contains("MANIFESTS_TOKEN");
  }

  @Test
  void writesEachComponentToItsOwnLineOfItsEnvironmentsFile() {
    SlipwayConfig config = new ConfigLoader(TestingPluginValidator.builtIn()).load(EXAMPLE);

    for (EnvironmentConfig environment : config.environments().values()) {
      List<PluginConfig> targets =
          environment.components().values().stream()
              .flatMap(deployment -> deployment.targets().stream())
              .toList();
      assertThat(targets)
          .allSatisfy(
              target -> {
                assertThat(target.getText("repository")).isEqualTo("manifests");
                assertThat(target.getText("file"))
                    .isEqualTo("helmfile/overrides/" + environment.name() + ".env");
              });
      assertThat(targets.stream().map(target -> target.getText("key")).toList())
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void refusesATypeTheValidatorDoesNotKnow() throws Exception {
    String text = Files.readString(EXAMPLE);
    ConfigLoader gitOnly =
        new ConfigLoader(TestingPluginValidator.acceptingTypes(Set.of("git-file"), Set.of()));

    assertThatThrownBy(() -> gitOnly.parse(text, "gc-notify.slipway.yaml"))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(8)
                    .allSatisfy(
                        problem -> {
                          assertThat(problem.file()).isEqualTo("gc-notify.slipway.yaml");
                          assertThat(problem.path())
                              .matches(
                                  "environments\\.[a-z]+\\.components\\.[a-z-]+\\.checks\\[0]\\.type");
                          assertThat(problem.message())
                              .isEqualTo("unknown check type 'http'; known types: []");
                        }));
  }
}
