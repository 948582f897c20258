package dev.slipway.promotion;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background scheduler as a server runs it. Its idle poll is set to an hour here, so anything
 * that starts at all started because the scheduler was woken.
 */
class PromotionSchedulerTest {
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");

  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of("staging.env", "API_DOCKER_TAG: \"0000000\"\n"));
    String config =
        """
        repositories:
          manifests:
            url: %s
        components:
          api: {}
        environments:
          staging:
            policy: automatic
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(manifests.url(), status.url());
    SlipwaySettings settings =
        TestingSlipway.settings(directory.resolve("slipway"), TestDatabase.H2, config, clock);
    EngineSettings engine = settings.engine();
    slipway =
        Slipway.open(
            new SlipwaySettings(
                settings.configFile(),
                settings.dataDirectory(),
                settings.database(),
                new EngineSettings(
                    engine.instanceId(),
                    engine.workers(),
                    engine.leaseDuration(),
                    Duration.ofHours(1),
                    engine.maxStepErrors()),
                settings.secrets(),
                clock));
  }

  @AfterEach
  void tearDown() {
    slipway.close();
    status.close();
  }

  @Test
  void startsTheAutomaticPromotionOfARegisteredBuildAtOnce() {
    slipway.start();
    await("the scheduler goes to sleep", PromotionSchedulerTest::schedulerAsleep);

    slipway
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));

    await(
        "the promotion starts",
        () ->
            promotions().stream()
                .anyMatch(promotion -> promotion.phase() != PromotionPhase.PENDING));
  }

  @Test
  void startsAPromotionAskedForByHandAtOnce() {
    slipway
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
    Promotion automatic = promotions().get(0);
    slipway.engine().requests().cancel(automatic.id(), Actor.SLIPWAY, Optional.of("by hand"));
    slipway.start();
    await("the scheduler goes to sleep", PromotionSchedulerTest::schedulerAsleep);

    Promotion manual =
        slipway
            .engine()
            .requests()
            .promote(
                STAGING,
                List.of(new BuildRef(API, GOOD)),
                Actor.person("Alice", "alice@example.org"),
                Optional.empty());

    await(
        "the promotion starts",
        () ->
            slipway.engine().promotions().getPromotion(manual.id()).phase()
                != PromotionPhase.PENDING);
  }

  private List<Promotion> promotions() {
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 10);
  }

  /** True while the scheduler's loop waits for a signal or its poll. */
  private static boolean schedulerAsleep() {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(
            entry ->
                entry.getKey().getName().equals("slipway-scheduler")
                    && entry.getKey().getState() == Thread.State.TIMED_WAITING
                    && Arrays.stream(entry.getValue())
                        .anyMatch(
                            frame ->
                                frame.getClassName().equals(Wakeup.class.getName())
                                    && frame.getMethodName().equals("await")));
  }

  /** Waits for something the background threads do; fails after ten seconds. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited ten seconds, and still not: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
