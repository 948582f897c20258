package dev.slipway.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Slipway;
import dev.slipway.config.InvalidConfigException;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingSlipway;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checking a configuration makes every gate with the gate types Slipway is wired with, so wrong
 * settings are reported with their paths, and needs no database to do it.
 */
class GateValidationTest {
  /** A database nobody listens on: any attempt to use it would fail the test. */
  private static final DatabaseSettings NO_DATABASE =
      DatabaseSettings.of("jdbc:postgresql://127.0.0.1:1/nowhere");

  private static final String HEAD =
      """
      roles:
        ops-lead: [bob@example.org]
      repositories:
        manifests: {url: /srv/git/manifests.git}
      components:
        api: {}
      environments:
        staging:
          components:
            api:
              targets:
                - {type: git-file, repository: manifests, file: staging.env, key: TAG}
      %s
        production:
          upstream: staging
          components:
            api:
              targets:
                - {type: git-file, repository: manifests, file: production.env, key: TAG}
          gates:
      """;

  @TempDir Path directory;

  @Test
  void acceptsEveryBuiltInGateWithoutADatabase() {
    SlipwayConfig config =
        load(
            "",
            """
                - {type: soak, duration: 1d}
                - {type: window, days: [mon-thu], hours: "09:00-16:00", zone: America/Toronto}
                - {type: freeze, overrideRole: ops-lead, weekly: [{from: fri 16:00, to: mon 08:00}]}
                - {type: approval, role: ops-lead, component: api}
            """);

    assertThat(config.getEnvironment(EnvironmentName.of("production")).gates()).hasSize(4);
  }

  @Test
  void reportsWrongGateSettingsAtTheirPaths() {
    InvalidConfigException e =
        catchThrowableOfType(
            InvalidConfigException.class,
            () ->
                load(
                    """
                        gates:
                          - {type: soak, duration: 1h}
                    """,
                    """
                        - {type: approval, role: release-lead}
                        - {type: approval, role: ops-lead, count: 2}
                        - {type: window, hours: "09:00-16:00", zone: Mars/Olympus}
                        - {type: freeze, periods: [{from: 2026-12-24T00:00, to: 2026-12-23T00:00}]}
                        - {type: certify}
                    """));

    assertThat(e.problems())
        .extracting(problem -> problem.path() + ": " + problem.message())
        .containsExactly(
            "environments.staging.gates[0].type: a soak gate needs an upstream environment to soak"
                + " in, and 'staging' takes its builds straight from CI",
            "environments.production.gates[0].role: role 'release-lead' is not defined under"
                + " roles; define it with the emails of who may approve",
            "environments.production.gates[1].count: needs 2 approvals but role 'ops-lead' has"
                + " only 1 holder(s), so no promotion could ever pass",
            "environments.production.gates[2].zone: 'Mars/Olympus' is not a time zone; use an"
                + " IANA name such as America/Toronto or UTC",
            "environments.production.gates[3].periods[0].to: the freeze must end after it begins"
                + " (2026-12-24T00:00:00Z)",
            "environments.production.gates[4].type: unknown gate type 'certify'; known types:"
                + " [approval, certification, freeze, soak, window]");
    assertThat(e.problems()).allSatisfy(problem -> assertThat(problem.line()).isPositive());
  }

  private SlipwayConfig load(String stagingGates, String productionGates) {
    String text = HEAD.formatted(stagingGates.stripTrailing()) + productionGates;
    return Slipway.loadConfig(
        TestingSlipway.settings(directory, NO_DATABASE, text, new TestingClock()));
  }
}
