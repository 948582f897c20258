package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two servers on one database, as a highly available installation runs: a step keeps its lease
 * while it runs, and is taken over once its server stops renewing it.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class SharedDatabaseTest {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final String STAGING_ENV = "API_DOCKER_TAG: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
  private String config;
  private DatabaseSettings shared;
  private Slipway first;
  private Slipway second;

  @BeforeEach
  void setUp() {
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"), "main", Map.of("staging.env", STAGING_ENV));
    config =
        """
        repositories:
          manifests:
            url: %s
        components:
          api: {}
        environments:
          staging:
            policy: automatic
            bakeTime: 1m
            rolloutTimeout: 5m
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(manifests.url(), status.url());
    shared = database.settings();
  }

  /** Opens the two servers, each claiming a step for the given lease. */
  private void open(Duration lease) {
    first = Slipway.open(settings("first", lease));
    second = Slipway.open(settings("second", lease));
  }

  private SlipwaySettings settings(String instance, Duration lease) {
    SlipwaySettings base =
        TestingSlipway.settings(directory.resolve(instance), shared, config, clock);
    return new SlipwaySettings(
        base.configFile(),
        base.dataDirectory(),
        shared,
        new EngineSettings(instance, 2, lease, Duration.ofMillis(200), 3),
        base.secrets(),
        clock);
  }

  @AfterEach
  void tearDown() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    status.close();
  }

  @Test
  void aStepTakenOverAfterItsLeaseRanOutDoesNotErrorThePromotion() throws Exception {
    // A lease far longer than the test: the first server stops renewing it as if it had died.
    open(Duration.ofMinutes(2));
    first
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
    first.engine().scheduler().runUntilIdle();
    long id = promotion().id();
    assertThat(promotion().phase()).isEqualTo(PromotionPhase.ROLLING_OUT);

    status.reportVersion("a1b2c3d");
    CountDownLatch release = new CountDownLatch(1);
    status.holdNextRequest(release);
    clock.advance(Duration.ofSeconds(10));
    int requestsBefore = status.requests();
    ExecutorService slowServer = Executors.newSingleThreadExecutor();
    try {
      // The first server's rollout check hangs past its two-minute lease.
      Future<?> slowStep = slowServer.submit(() -> first.engine().scheduler().runUntilIdle());
      awaitRequest(requestsBefore);
      clock.advance(Duration.ofMinutes(2).plusMillis(1));
      second.engine().scheduler().runUntilIdle();
      assertThat(promotion().phase())
          .as("the second server took the step over")
          .isEqualTo(PromotionPhase.VERIFYING);

      release.countDown();
      slowStep.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      slowServer.shutdownNow();
    }

    assertThat(promotion().phase())
        .as("the first server's late result does not end a promotion that moved on")
        .isEqualTo(PromotionPhase.VERIFYING);
    clock.advance(Duration.ofMinutes(1));
    second.engine().scheduler().runUntilIdle();
    Promotion done = second.engine().promotions().getPromotion(id);
    assertThat(done.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(second.engine().promotions().listSteps(id))
        .extracting(PromotionStep::severity)
        .doesNotContain(StepSeverity.ERROR);
  }

  @Test
  void aStepLongerThanItsLeaseKeepsItWhileItRuns() throws Exception {
    open(LEASE);
    first
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
    first.engine().scheduler().runUntilIdle();
    long id = promotion().id();
    assertThat(promotion().phase()).isEqualTo(PromotionPhase.ROLLING_OUT);

    status.reportVersion("a1b2c3d");
    CountDownLatch release = new CountDownLatch(1);
    status.holdNextRequest(release);
    clock.advance(Duration.ofSeconds(10));
    int requestsBefore = status.requests();
    ExecutorService slowServer = Executors.newSingleThreadExecutor();
    try {
      // The first server's rollout check hangs past its lease; the server renews it meanwhile.
      Future<?> slowStep = slowServer.submit(() -> first.engine().scheduler().runUntilIdle());
      awaitRequest(requestsBefore);
      clock.advance(LEASE.plusMillis(1));
      awaitLeaseBeyond(id, clock.instant());

      second.engine().scheduler().runUntilIdle();
      assertThat(status.requests())
          .as("the second server ran no check of the first server's step")
          .isEqualTo(requestsBefore + 1);
      assertThat(promotion().phase()).isEqualTo(PromotionPhase.ROLLING_OUT);

      release.countDown();
      slowStep.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      slowServer.shutdownNow();
    }

    assertThat(promotion().phase())
        .as("the first server finished its own step")
        .isEqualTo(PromotionPhase.VERIFYING);
    assertThat(leaseOwner(id)).as("released at the end of the step").isEmpty();
  }

  @Test
  void aLeaseAnotherServerTookIsNotRenewed() {
    open(LEASE);
    first
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
    long id = promotion().id();
    PromotionRepository promotions = first.engine().promotions();
    assertThat(promotions.claim(id, "first", clock.instant(), clock.instant().plus(LEASE)))
        .isTrue();
    assertThat(promotions.renew(id, "first", clock.instant().plus(LEASE))).isTrue();

    clock.advance(LEASE.plusSeconds(1));
    assertThat(promotions.claim(id, "second", clock.instant(), clock.instant().plus(LEASE)))
        .isTrue();

    assertThat(promotions.renew(id, "first", clock.instant().plus(LEASE))).isFalse();
    assertThat(leaseOwner(id)).contains("second");
  }

  private void awaitRequest(int before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (status.requests() == before) {
      assertThat(System.nanoTime())
          .as("the first server's check never arrived")
          .isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** Waits, in real time, for the first server to renew the lease past a clock time. */
  private void awaitLeaseBeyond(long id, Instant at) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!leaseUntil(id).filter(until -> until.isAfter(at)).isPresent()) {
      assertThat(System.nanoTime()).as("the lease was never renewed").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private Optional<Instant> leaseUntil(long id) {
    return first
        .database()
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT lease_until FROM promotions WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Instant.class)
                    .findOne());
  }

  private Optional<String> leaseOwner(long id) {
    return first
        .database()
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT lease_owner FROM promotions WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .findOne());
  }

  private Promotion promotion() {
    return second.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
  }
}
