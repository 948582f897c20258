package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingPluginValidator;
import org.junit.jupiter.api.Test;

/** The {@code releases} section: what it reads, and the mistakes it reports at their path. */
class ReleaseConfigTest {
  private static final String FILE = "slipway.yaml";
  private static final String HEAD =
      """
      roles:
        ops-lead: [ops@example.com]
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
  void readsReleaseEnvironmentsTrainsOwnersBotsAndTheDelegateRole() {
    SlipwayConfig config =
        loader.parse(
            HEAD
                + """
                releases:
                  environments:
                    production: {train: {cron: "0 17 * * 1-5", zone: America/Toronto}}
                  owners:
                    Alice@Example.com: [Alice@users.noreply.github.com]
                  bots:
                    api: {rule: team, team: [alice@example.com]}
                  delegateRole: ops-lead
                """,
            FILE);

    ReleaseConfig releases = config.releases();
    assertThat(releases.takesReleases(EnvironmentName.of("production"))).isTrue();
    assertThat(releases.takesReleases(EnvironmentName.of("staging"))).isFalse();
    assertThat(releases.environments().get(EnvironmentName.of("production")).train())
        .contains(new ReleaseConfig.TrainConfig("0 17 * * 1-5", "America/Toronto"));
    assertThat(releases.owners())
        .containsEntry("alice@example.com", java.util.List.of("alice@users.noreply.github.com"));
    assertThat(releases.findBotRule(ComponentName.of("api")).orElseThrow().team())
        .containsExactly("alice@example.com");
    assertThat(releases.delegateRole()).contains("ops-lead");
  }

  @Test
  void reportsEachMistakeAtItsPath() {
    String yaml =
        HEAD
            + """
            releases:
              environments:
                staging: {}
                prod: {}
                production: {train: {cron: "0 17 * * MON-FRI *", zone: America/Toronto}}
              bots:
                worker: {rule: team, team: [alice@example.com]}
              delegateRole: ops-leads
            """;

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml, FILE));

    var problems =
        e.problems().stream().map(problem -> problem.path() + ": " + problem.message()).toList();
    assertThat(problems)
        .hasSize(5)
        .contains(
            "releases.environments.staging: environment 'staging' has no upstream, so there is"
                + " nothing to cut its releases from; give it an upstream or remove it here",
            "releases.environments.prod: environment 'prod' is not configured under environments;"
                + " configured: production, staging",
            "releases.delegateRole: role 'ops-leads' is not configured under roles (did you mean"
                + " 'ops-lead'?); configured: ops-lead",
            "releases.bots.worker: component 'worker' is not configured under components;"
                + " configured: api")
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "releases.environments.production.train: '0 17 * * MON-FRI *' is not a"
                            + " Unix cron expression of five fields"));
  }
}
