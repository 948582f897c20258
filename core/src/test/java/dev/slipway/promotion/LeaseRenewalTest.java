package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.storage.Rows;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two servers on one database and a step that runs longer than its one-second lease: a before-step
 * that notes each run in a file and then waits for the test to let it finish. Lease times come from
 * a testing clock the test moves, while renewals run on real time; the test waits to see each
 * renewal before moving the clock again, so nothing depends on how fast this machine is.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class LeaseRenewalTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String STAGING_ENV = "API_DOCKER_TAG: \"0000000\"\n";
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final String STEP_FINISHED = "Step before the deploy 'migrate' finished";

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer status;
  private TestingGitRemote manifests;
  private Path runs;
  private Path go;
  private Slipway first;
  private Slipway second;

  @BeforeEach
  void setUp() {
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"), "main", Map.of("staging.env", STAGING_ENV));
    runs = directory.resolve("migrate-runs");
    go = directory.resolve("migrate-may-finish");
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
            bakeTime: 1m
            rolloutTimeout: 5m
            steps:
              before:
                - name: migrate
                  command: [sh, -c, "echo run >> %s; while [ ! -f %s ]; do sleep 0.05; done"]
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(manifests.url(), runs, go, status.url());
    DatabaseSettings shared = database.settings();
    first =
        Slipway.open(
            TestingSlipway.withLease(
                TestingSlipway.asInstance(
                    TestingSlipway.settings(directory.resolve("first"), shared, config, clock),
                    "first"),
                LEASE));
    second =
        Slipway.open(
            TestingSlipway.withLease(
                TestingSlipway.asInstance(
                    TestingSlipway.settings(directory.resolve("second"), shared, config, clock),
                    "second"),
                LEASE));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (go != null && !Files.exists(go)) {
      Files.createFile(go);
    }
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    status.close();
  }

  @Test
  void aStepLongerThanItsLeaseKeepsItAndRunsOnce() throws IOException {
    long id = registerAndLetTheFirstServerStartTheStep();
    second.engine().scheduler().start();

    // Five times 600 ms is three leases; each move stays inside the lease as last renewed.
    for (int move = 0; move < 5; move++) {
      clock.advance(Duration.ofMillis(600));
      Instant renewedTo = clock.instant().plus(LEASE);
      await(
          "the first server renews its lease to " + renewedTo,
          () -> leaseUntil(id).filter(until -> !until.isBefore(renewedTo)).isPresent());
      assertThat(promotions().findLeaseOwner(id)).contains("first");
    }
    assertThat(runCount()).as("the second server did not run the step").isEqualTo(1);

    Files.createFile(go);
    await("the step ends", () -> phase(id) != PromotionPhase.DEPLOYING);

    assertThat(phase(id)).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(runCount()).as("the step ran once").isEqualTo(1);
    assertThat(messages(id)).filteredOn(m -> m.startsWith(STEP_FINISHED)).hasSize(1);
    assertThat(messages(id)).noneMatch(message -> message.contains("lease"));
    assertThat(promotions().listSteps(id))
        .extracting(PromotionStep::severity)
        .doesNotContain(StepSeverity.ERROR);
    assertThat(manifests.commitCount()).as("one deploy commit").isEqualTo(2);
  }

  @Test
  void anotherServerTakesTheStepOverOnceTheOwnerStopsRenewingAndTheOwnersLateOutcomeIsDropped()
      throws Exception {
    long id = registerAndLetTheFirstServerStartTheStep();
    second.engine().scheduler().start();

    ExecutorService stopper = Executors.newSingleThreadExecutor();
    try {
      // The stop waits for the first server's step, which waits for the test.
      Future<?> stopping = stopper.submit(first::close);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (runCount() < 2) {
        assertThat(System.nanoTime())
            .as("the second server never took the step over")
            .isLessThan(deadline);
        clock.advance(LEASE.plusMillis(1));
        Thread.sleep(50);
      }
      assertThat(promotions().findLeaseOwner(id)).contains("second");

      Files.createFile(go);
      stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      first = null;
    } finally {
      stopper.shutdownNow();
    }
    await("the second server's step ends", () -> phase(id) != PromotionPhase.DEPLOYING);

    assertThat(phase(id)).isEqualTo(PromotionPhase.ROLLING_OUT);
    assertThat(messages(id))
        .as("only the second server's run of the step is recorded")
        .filteredOn(m -> m.startsWith(STEP_FINISHED))
        .hasSize(1);
    assertThat(messages(id))
        .filteredOn(m -> m.startsWith("Deployed"))
        .as("one deploy is recorded")
        .hasSize(1);
    assertThat(promotions().listSteps(id))
        .filteredOn(step -> step.severity() == StepSeverity.WARNING)
        .extracting(PromotionStep::message)
        .anySatisfy(
            message ->
                assertThat(message)
                    .startsWith("Server first finished a deploying step after its lease ran out")
                    .endsWith("; its outcome was not recorded"));
    assertThat(promotions().listSteps(id))
        .extracting(PromotionStep::severity)
        .doesNotContain(StepSeverity.ERROR);
  }

  @Test
  void aLostLeaseIsNotRenewedAndItsOldOwnersTransitionIsRefused() {
    long id = register();
    PromotionRepository promotions = promotions();
    PromotionStateMachine stateMachine =
        new PromotionStateMachine(promotions, first.environments(), first.audit(), clock);
    assertThat(
            new PromotionStarter(promotions, first.environments(), stateMachine, clock)
                .startNext(STAGING))
        .isTrue();
    Instant now = clock.instant();
    assertThat(promotions.claim(id, "first", now, now.plus(LEASE))).isTrue();
    assertThat(promotions.claim(id, "second", now, now.plus(LEASE)))
        .as("a held lease is not taken")
        .isFalse();
    assertThat(promotions.renew(id, "first", now.plus(LEASE))).isTrue();

    clock.advance(LEASE.plusMillis(1));
    Instant later = clock.instant();
    assertThat(promotions.claim(id, "second", later, later.plus(LEASE)))
        .as("an expired lease is taken")
        .isTrue();
    assertThat(promotions.renew(id, "first", later.plus(LEASE))).isFalse();
    assertThat(promotions.renew(id, "second", later.plus(LEASE))).isTrue();

    assertThatThrownBy(() -> markDeployed(promotions, stateMachine, id, "first"))
        .isInstanceOf(LeaseLostException.class)
        .hasMessage(
            "server first no longer holds the lease of promotion "
                + id
                + "; another server took it over");
    assertThat(phase(id)).isEqualTo(PromotionPhase.DEPLOYING);

    markDeployed(promotions, stateMachine, id, "second");
    assertThat(phase(id)).isEqualTo(PromotionPhase.ROLLING_OUT);

    promotions.release(id, "second");
    assertThatThrownBy(() -> markErrored(promotions, stateMachine, id, "second"))
        .as("a released lease guards nothing")
        .isInstanceOf(LeaseLostException.class);
    assertThat(phase(id)).isEqualTo(PromotionPhase.ROLLING_OUT);
  }

  private static void markDeployed(
      PromotionRepository promotions, PromotionStateMachine stateMachine, long id, String owner) {
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              new LeaseGuard(promotions, owner).confirm(handle, id);
              stateMachine.markDeployed(
                  handle, promotions.getPromotion(handle, id), Optional.empty());
            });
  }

  private static void markErrored(
      PromotionRepository promotions, PromotionStateMachine stateMachine, long id, String owner) {
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              new LeaseGuard(promotions, owner).confirm(handle, id);
              stateMachine.markErrored(handle, promotions.getPromotion(handle, id), "late");
            });
  }

  private long registerAndLetTheFirstServerStartTheStep() {
    long id = register();
    first.engine().scheduler().start();
    await("the first server starts the step", () -> runCount() == 1);
    assertThat(promotions().findLeaseOwner(id)).contains("first");
    return id;
  }

  private long register() {
    first
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
    return promotions().listPromotions(Optional.of(STAGING), 1).get(0).id();
  }

  private PromotionRepository promotions() {
    return second.engine().promotions();
  }

  private PromotionPhase phase(long id) {
    return promotions().getPromotion(id).phase();
  }

  private List<String> messages(long id) {
    return promotions().listSteps(id).stream().map(PromotionStep::message).toList();
  }

  private Optional<Instant> leaseUntil(long id) {
    return promotions()
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT lease_until FROM promotions WHERE id = :id")
                    .bind("id", id)
                    .map((rows, context) -> Rows.optionalInstant(rows, "lease_until"))
                    .one());
  }

  private int runCount() {
    try {
      return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited in vain: " + what).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting: " + what, e);
      }
    }
  }
}
