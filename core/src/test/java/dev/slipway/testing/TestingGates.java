package dev.slipway.testing;

import dev.slipway.config.ConfigLoader;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateRequest;
import dev.slipway.gate.GateType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Makes one gate of production from its configuration text, the way the server makes it, for tests
 * of a single gate type. Production takes builds from staging; role {@code ops-lead} is held by
 * {@code bob@example.org}.
 */
public final class TestingGates {
  public static final EnvironmentName PRODUCTION = EnvironmentName.of("production");

  private TestingGates() {}

  /** The configuration with one gate, written as a YAML flow mapping, in production. */
  public static SlipwayConfig config(String gate) {
    return new ConfigLoader(TestingPluginValidator.builtIn())
        .parse(
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
              production:
                upstream: staging
                components:
                  api:
                    targets:
                      - {type: git-file, repository: manifests, file: production.env, key: TAG}
                gates:
                  - %s
            """
                .formatted(gate),
            "slipway.yaml");
  }

  /** Makes production's gate with a type. */
  public static Gate create(GateType type, String gate, Clock clock) {
    SlipwayConfig config = config(gate);
    return type.create(
        config.getEnvironment(PRODUCTION).gates().get(0),
        new GateContext(config, PRODUCTION, clock));
  }

  /** A question about a promotion of no particular build to production. */
  public static GateRequest request(long promotion, Instant now) {
    return new GateRequest(
        PRODUCTION,
        Optional.of(EnvironmentName.of("staging")),
        List.of(),
        Optional.empty(),
        Optional.of(promotion),
        now);
  }
}
