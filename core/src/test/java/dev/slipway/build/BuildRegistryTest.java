package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditLog;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Database;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabase.class)
class BuildRegistryTest {
  private static final ComponentName API = ComponentName.of("api");
  private static final ComponentName ADMIN = ComponentName.of("admin");
  private static final CommitSha COMMIT = CommitSha.of("f3d0498c5e2a41b7b0c7a3e9d1f2a4b6c8e0d2f4");
  private static final String IMAGE = "ghcr.io/cds-snc/notify-api:f3d0498";
  private static final String CI_RUN =
      "https://github.com/cds-snc/notification-api/actions/runs/42";
  private static final Actor CI = Actor.person("CI", "ci@example.org");

  @Parameter TestDatabase kind;

  private final TestingClock clock = new TestingClock();
  private final AuditLog audit = new AuditLog(clock);
  private Database database;
  private BuildRegistry registry;
  private BuildRepository builds;

  @BeforeEach
  void open() {
    database = kind.open();
    SlipwayConfig config =
        new SlipwayConfig(
            Path.of("slipway.yaml"),
            Map.of(),
            Map.of(
                API, new ComponentConfig(API, Optional.empty(), Optional.empty()),
                ADMIN, new ComponentConfig(ADMIN, Optional.empty(), Optional.empty())),
            Map.of());
    registry = new BuildRegistry(database.jdbi(), config, audit, clock, List.of());
    builds = new BuildRepository(database.jdbi());
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void registersABuildNamedByItsShortCommit() {
    BuildRegistry.Registered registered = registry.register(registration(Optional.of(IMAGE)), CI);

    assertThat(registered.created()).isTrue();
    Build build = registered.build();
    assertThat(build.ref()).isEqualTo(new BuildRef(API, COMMIT));
    assertThat(build.version()).isEqualTo("f3d0498");
    assertThat(build.shortName()).isEqualTo("api@f3d0498");
    assertThat(build.image()).contains(IMAGE);
    assertThat(build.ciUrl()).contains(CI_RUN);
    assertThat(build.registeredBy()).isEqualTo(CI);
    assertThat(build.registeredAt()).isEqualTo(clock.instant());
    assertThat(builds.findBuild(API, COMMIT)).contains(build);
    assertThat(builds.getBuild(new BuildRef(API, COMMIT))).isEqualTo(build);

    assertThat(audit.listBySubject(jdbi(), "build:api@" + COMMIT))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.action()).isEqualTo("build.registered");
              assertThat(event.actor()).isEqualTo("CI <ci@example.org>");
              assertThat(event.details())
                  .isEqualTo(
                      "{\"ciUrl\":\""
                          + CI_RUN
                          + "\",\"image\":\""
                          + IMAGE
                          + "\",\"version\":\"f3d0498\"}");
            });
  }

  @Test
  void keepsAVersionLabelGivenByCi() {
    Build build =
        registry
            .register(
                new BuildRegistration(
                    API, COMMIT, Optional.of(" 2026.03.1 "), Optional.empty(), Optional.empty()),
                CI)
            .build();

    assertThat(build.version()).isEqualTo("2026.03.1");
    assertThat(builds.findBuild(API, COMMIT).orElseThrow().version()).isEqualTo("2026.03.1");
  }

  @Test
  void registeringTheSameBuildAgainReturnsTheOneRegistered() {
    Build first = registry.register(registration(Optional.of(IMAGE)), CI).build();

    BuildRegistry.Registered again =
        registry.register(registration(Optional.of(IMAGE)), Actor.person("Bob", "bob@example.org"));

    assertThat(again.created()).isFalse();
    assertThat(again.build()).isEqualTo(first);
    assertThat(again.build().registeredBy()).as("the first registration stands").isEqualTo(CI);
    assertThat(buildRows()).isEqualTo(1);
    assertThat(registered()).hasSize(1);
  }

  @Test
  void refusesTheSameCommitWithAnotherImage() {
    registry.register(registration(Optional.of(IMAGE)), CI);

    assertThatThrownBy(
            () ->
                registry.register(
                    registration(Optional.of("ghcr.io/cds-snc/notify-api:rebuilt")), CI))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage(
            "build api@%s is already registered with image %s; the same commit cannot be"
                + " registered with image ghcr.io/cds-snc/notify-api:rebuilt",
            COMMIT, IMAGE);
    assertThatThrownBy(() -> registry.register(registration(Optional.empty()), CI))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessageEndingWith("cannot be registered with image (none)");

    assertThat(builds.findBuild(API, COMMIT).orElseThrow().image()).contains(IMAGE);
    assertThat(registered()).hasSize(1);
  }

  @Test
  void theSameCommitIsAnotherBuildOfAnotherComponent() {
    Build api = registry.register(registration(Optional.of(IMAGE)), CI).build();
    BuildRegistry.Registered admin =
        registry.register(
            new BuildRegistration(
                ADMIN,
                COMMIT,
                Optional.empty(),
                Optional.of("ghcr.io/cds-snc/notify-admin:f3d0498"),
                Optional.empty()),
            CI);

    assertThat(admin.created()).isTrue();
    assertThat(admin.build().id()).isNotEqualTo(api.id());
    assertThat(buildRows()).isEqualTo(2);
  }

  @Test
  void refusesAnUnknownComponentNamingTheConfiguredOnes() {
    assertThatThrownBy(
            () ->
                registry.register(
                    new BuildRegistration(
                        ComponentName.of("payments"),
                        COMMIT,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                    CI))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("component");
            })
        .hasMessage("component 'payments' is not configured; configured components: [admin, api]");
    assertThat(buildRows()).isZero();
    assertThat(audit.head(jdbi()).sequence()).isZero();
  }

  @Test
  void refusesACiRunThatIsNotAnHttpUrl() {
    assertThatThrownBy(() -> ciRun("ftp://ci.example.org/runs/42"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("url");
            })
        .hasMessage("CI run URL 'ftp://ci.example.org/runs/42' must be http or https");
    assertThatThrownBy(() -> ciRun("https://ci.example.org/runs/4 2"))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageStartingWith("CI run URL 'https://ci.example.org/runs/4 2' is not a URL");
    assertThatThrownBy(() -> ciRun("runs/42"))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessage("CI run URL 'runs/42' must be http or https");
    assertThat(ciRun("  ").ciUrl()).as("a blank URL is no URL").isEmpty();
  }

  @Test
  void concurrentRegistrationsOfOneBuildMakeOneBuild() throws Exception {
    int threads = 8;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    List<BuildRegistry.Registered> results = new ArrayList<>();
    try {
      List<Future<BuildRegistry.Registered>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            executor.submit(
                () -> {
                  barrier.await(30, TimeUnit.SECONDS);
                  return registry.register(registration(Optional.of(IMAGE)), CI);
                }));
      }
      for (Future<BuildRegistry.Registered> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(results).filteredOn(BuildRegistry.Registered::created).hasSize(1);
    assertThat(results)
        .extracting(result -> result.build().id())
        .containsOnly(results.get(0).build().id());
    assertThat(buildRows()).isEqualTo(1);
    assertThat(registered()).hasSize(1);
    assertThat(audit.verify(jdbi()).intact()).isTrue();
  }

  private static BuildRegistration registration(Optional<String> image) {
    return new BuildRegistration(API, COMMIT, Optional.empty(), image, Optional.of(CI_RUN));
  }

  private static BuildRegistration ciRun(String url) {
    return new BuildRegistration(API, COMMIT, Optional.empty(), Optional.empty(), Optional.of(url));
  }

  private List<AuditEvent> registered() {
    return audit.listBySubject(jdbi(), "build:api@" + COMMIT).stream()
        .filter(event -> event.action().equals("build.registered"))
        .toList();
  }

  private int buildRows() {
    return jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM builds").mapTo(Integer.class).one());
  }

  private Jdbi jdbi() {
    return database.jdbi();
  }
}
