package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.testing.TestingPluginValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gates of environments and the roles they name, as the configuration file declares them. */
class GateConfigTest {
  private static final String FILE = "slipway.yaml";
  private static final String HEAD =
      """
      roles:
        ops-lead: [Alice@Example.com, bob@example.com]
      repositories:
        manifests:
          url: https://example.com/manifests.git
      components:
        api: {}
      environments:
        staging:
          components:
            api:
              targets:
                - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
        production:
          upstream: staging
          components:
            api:
              targets:
                - {type: git-file, repository: manifests, file: production.env, key: API_DOCKER_TAG}
      """;

  private final ConfigLoader loader = new ConfigLoader(TestingPluginValidator.builtIn());

  @Test
  void readsTheGatesOfAnEnvironmentInOrderWithTheirPaths() {
    SlipwayConfig config =
        loader.parse(
            HEAD
                + """
                    gates:
                      - {type: soak, duration: 1d}
                      - {type: approval, role: ops-lead, count: 2}
                """,
            FILE);

    List<PluginConfig> gates = config.getEnvironment(EnvironmentName.of("production")).gates();
    assertThat(gates).extracting(PluginConfig::type).containsExactly("soak", "approval");
    assertThat(gates)
        .extracting(PluginConfig::path)
        .containsExactly("environments.production.gates[0]", "environments.production.gates[1]");
    assertThat(gates.get(1).findInt("count")).contains(2);
    assertThat(config.getEnvironment(EnvironmentName.of("staging")).gates()).isEmpty();
  }

  @Test
  void readsRolesAndMatchesEmailsWithoutRegardToCase() {
    SlipwayConfig config = loader.parse(HEAD, FILE);

    assertThat(config.roles().holders("ops-lead"))
        .containsExactly("alice@example.com", "bob@example.com");
    assertThat(config.roles().holds(Actor.person("Alice", "alice@EXAMPLE.com"), "ops-lead"))
        .isTrue();
    assertThat(config.roles().holds(Actor.person("Carol", "carol@example.com"), "ops-lead"))
        .isFalse();
    assertThat(config.roles().holds(Actor.SLIPWAY, "ops-lead")).isFalse();
  }

  @Test
  void reportsAnUnknownGateSettingAtItsPath() {
    String yaml =
        HEAD
            + """
                gates:
                  - type: soak
                    duraton: 1d
            """;

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml, FILE));

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .contains("environments.production.gates[0].duraton");
    assertThat(e.problems())
        .filteredOn(problem -> problem.path().endsWith("duraton"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(lineOf(yaml, "duraton"));
              assertThat(problem.message()).contains("did you mean 'duration'?");
            });
  }

  @Test
  void reportsAWindowWithoutItsZoneAndHoursThatAreNotHours() {
    String yaml =
        HEAD
            + """
                gates:
                  - {type: window, days: [mon-fri], hours: "9-16"}
            """;

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml, FILE));

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "environments.production.gates[0].zone", "environments.production.gates[0].hours");
  }

  @Test
  void reportsAnUnknownGateTypeAtItsType() {
    String yaml =
        HEAD
            + """
                gates:
                  - {type: sok, duration: 1d}
            """;

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml, FILE));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).isEqualTo("environments.production.gates[0].type");
              assertThat(problem.message()).contains("unknown gate type 'sok'");
            });
  }

  @Test
  void reportsARoleMemberThatIsNotAnEmail() {
    String yaml = HEAD.replace("bob@example.com", "bob");

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml, FILE));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("roles.ops-lead[1]");
  }

  private static int lineOf(String text, String snippet) {
    return (int) text.substring(0, text.indexOf(snippet)).chars().filter(c -> c == '\n').count()
        + 1;
  }
}
