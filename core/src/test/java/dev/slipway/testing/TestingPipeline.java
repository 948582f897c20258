package dev.slipway.testing;

import dev.slipway.Slipway;
import dev.slipway.build.Build;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A staging and a production environment for release tests: staging takes builds from CI with the
 * automatic policy, production takes releases cut from staging. Components {@code api} and {@code
 * admin} are deployed by a real manifests repository and verified by status servers the test sets.
 */
public final class TestingPipeline implements AutoCloseable {
  public static final EnvironmentName STAGING = EnvironmentName.of("staging");
  public static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  public static final ComponentName API = ComponentName.of("api");
  public static final ComponentName ADMIN = ComponentName.of("admin");
  public static final Actor CI = Actor.person("CI", "ci@example.org");
  public static final Duration BAKE_TIME = Duration.ofMinutes(1);
  private static final String ENV_FILE =
      "API_DOCKER_TAG: \"0000000\"\nADMIN_DOCKER_TAG: \"0000000\"\n";

  private final TestingClock clock;
  private final Map<String, TestingStatusServer> statuses = new LinkedHashMap<>();
  private final Slipway slipway;

  private TestingPipeline(
      Path directory,
      TestDatabase database,
      TestingClock clock,
      String productionPolicy,
      Map<ComponentName, Path> repositories,
      String productionGates,
      String releasesSection) {
    this.clock = clock;
    for (String environment : List.of("staging", "production")) {
      for (String component : List.of("api", "admin")) {
        TestingStatusServer status = TestingStatusServer.start();
        status.reportVersion("0000000");
        statuses.put(environment + "/" + component, status);
      }
    }
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of("staging.env", ENV_FILE, "production.env", ENV_FILE));
    StringBuilder config = new StringBuilder();
    config.append("repositories:\n  manifests:\n    url: ").append(manifests.url()).append('\n');
    config.append("components:\n");
    for (String component : List.of("api", "admin")) {
      Path repository = repositories.get(ComponentName.of(component));
      config
          .append("  ")
          .append(component)
          .append(repository == null ? ": {}\n" : ":\n    repository: \"" + repository + "\"\n");
    }
    config.append("environments:\n");
    config.append(environment("staging", Optional.empty(), "automatic", ""));
    config.append(
        environment("production", Optional.of("staging"), productionPolicy, productionGates));
    config.append(releasesSection);
    this.slipway =
        TestingSlipway.open(directory.resolve("slipway"), database, config.toString(), clock);
  }

  /**
   * Starts the pipeline.
   *
   * @param productionPolicy {@code automatic} or {@code manual}
   * @param repositories the components' source repositories, for change sets; may be empty
   * @param releasesExtra more of the {@code releases} section (owners, bots, delegateRole),
   *     indented by two spaces, then any top-level section such as {@code roles}; or empty
   */
  public static TestingPipeline start(
      Path directory,
      TestDatabase database,
      TestingClock clock,
      String productionPolicy,
      Map<ComponentName, Path> repositories,
      String releasesExtra) {
    return start(directory, database, clock, productionPolicy, repositories, "{}", releasesExtra);
  }

  /**
   * Starts the pipeline with production's entry under {@code releases.environments} given, such as
   * {@code {train: {cron: "0 17 * * 1-5", zone: America/Toronto}}}.
   */
  public static TestingPipeline start(
      Path directory,
      TestDatabase database,
      TestingClock clock,
      String productionPolicy,
      Map<ComponentName, Path> repositories,
      String productionReleases,
      String releasesExtra) {
    String section =
        "releases:\n  environments:\n    production: " + productionReleases + "\n" + releasesExtra;
    return new TestingPipeline(
        directory, database, clock, productionPolicy, repositories, "", section);
  }

  /**
   * Starts the pipeline with production's {@code gates}, such as {@code [{type: certification}]},
   * and an open release that follows staging.
   */
  public static TestingPipeline startWithGates(
      Path directory,
      TestDatabase database,
      TestingClock clock,
      String productionPolicy,
      Map<ComponentName, Path> repositories,
      String productionGates,
      String releasesExtra) {
    return new TestingPipeline(
        directory,
        database,
        clock,
        productionPolicy,
        repositories,
        productionGates,
        "releases:\n  environments:\n    production: {}\n" + releasesExtra);
  }

  private String environment(String name, Optional<String> upstream, String policy, String gates) {
    StringBuilder text = new StringBuilder("  ").append(name).append(":\n");
    upstream.ifPresent(value -> text.append("    upstream: ").append(value).append('\n'));
    text.append("    policy: ").append(policy).append('\n');
    if (!gates.isEmpty()) {
      text.append("    gates: ").append(gates).append('\n');
    }
    text.append("    bakeTime: ").append(BAKE_TIME.toMinutes()).append("m\n");
    text.append("    rolloutTimeout: 5m\n    components:\n");
    for (String component : List.of("api", "admin")) {
      text.append("      ").append(component).append(":\n");
      text.append("        targets:\n          - {type: git-file, repository: manifests, file: ")
          .append(name)
          .append(".env, key: ")
          .append(component.toUpperCase(java.util.Locale.ROOT))
          .append("_DOCKER_TAG}\n");
      text.append("        checks:\n          - {type: http, url: \"")
          .append(statuses.get(name + "/" + component).url())
          .append("\", interval: 10s}\n");
    }
    return text.toString();
  }

  public Slipway slipway() {
    return slipway;
  }

  public TestingClock clock() {
    return clock;
  }

  /** Registers a build as CI does. */
  public Build register(ComponentName component, CommitSha commit) {
    return slipway
        .registry()
        .register(
            new BuildRegistration(
                component, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI)
        .build();
  }

  /**
   * Registers a build and lets staging deploy and verify it: its status reports the commit and the
   * bake time passes. Whatever follows from the success (releases cut for production) has happened
   * when this returns.
   */
  public Build verifyInStaging(ComponentName component, CommitSha commit) {
    Build build = register(component, commit);
    run();
    report(STAGING, component, commit);
    advance(Duration.ofSeconds(10));
    advance(BAKE_TIME);
    return build;
  }

  /** Makes an environment's status server for a component report a commit. */
  public void report(EnvironmentName environment, ComponentName component, CommitSha commit) {
    statuses.get(environment + "/" + component).reportVersion(commit.shortSha());
  }

  /**
   * Lets a started promotion in production roll out and verify: the status reports what it deploys
   * and the bake time passes.
   */
  public void verifyInProduction(Promotion promotion) {
    promotion
        .builds()
        .forEach(
            build -> report(PRODUCTION, build.component(), build.build().orElseThrow().commit()));
    advance(Duration.ofSeconds(10));
    advance(BAKE_TIME);
  }

  public void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  public void run() {
    slipway.engine().scheduler().runUntilIdle();
  }

  public List<Promotion> promotions(EnvironmentName environment) {
    return slipway.engine().promotions().listPromotions(Optional.of(environment), 20);
  }

  /** The newest promotion of an environment in a phase. */
  public Optional<Promotion> latest(EnvironmentName environment, PromotionPhase phase) {
    return promotions(environment).stream().filter(p -> p.phase() == phase).findFirst();
  }

  @Override
  public void close() {
    try {
      slipway.close();
    } finally {
      statuses.values().forEach(TestingStatusServer::close);
    }
  }
}
