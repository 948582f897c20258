package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs promotions: starts the next pending one of each free environment once its gates pass, and
 * hands each started promotion that is due to a worker for its next step. A step is claimed with a
 * lease in the database first, so servers sharing a database never run the same step twice; while
 * the step runs, the lease is renewed every third of its duration, so a long step (a rollout wait,
 * a command) keeps it however long it takes. The scheduler sleeps until the next promotion is due
 * or a held promotion's gates are to be asked again, or until it is woken by a new request or a
 * gate event, whichever comes first.
 */
public final class PromotionScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionScheduler.class);

  private final PromotionRepository promotions;
  private final PromotionStarter starter;
  private final PromotionReconciler reconciler;
  private final Wakeup wakeup;
  private final Clock clock;
  private final EngineSettings settings;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService renewals =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "slipway-lease-renewal");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean running;
  private Thread loop;
  private ExecutorService workers;

  PromotionScheduler(
      PromotionRepository promotions,
      PromotionStarter starter,
      PromotionReconciler reconciler,
      Wakeup wakeup,
      Clock clock,
      EngineSettings settings) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.starter = requireNonNull(starter, "starter is null");
    this.reconciler = requireNonNull(reconciler, "reconciler is null");
    this.wakeup = requireNonNull(wakeup, "wakeup is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
  }

  /** Starts the background loop and its workers. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    AtomicInteger count = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            settings.workers(),
            task -> {
              Thread thread = new Thread(task, "slipway-promotion-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    loop = new Thread(this::loop, "slipway-scheduler");
    loop.setDaemon(true);
    loop.start();
  }

  /** Asks the loop to look for work now. */
  public void wake() {
    wakeup.signal();
  }

  /**
   * Runs, in the calling thread, every step that is due now, again and again until nothing is due:
   * what tests use after moving a testing clock.
   */
  public void runUntilIdle() {
    for (int round = 0; round < 1000; round++) {
      if (pass(Runnable::run) == 0) {
        return;
      }
    }
    throw new IllegalStateException("promotions still due after 1000 rounds; a step never waits");
  }

  private void loop() {
    while (running) {
      try {
        pass(workers);
      } catch (RuntimeException e) {
        LOG.warn("scheduler pass failed; trying again", e);
      }
      if (!wakeup.awaitQuietly(sleepTime())) {
        return;
      }
    }
  }

  private Duration sleepTime() {
    try {
      Optional<Instant> due = earliest(promotions.nextDueAt(), starter.nextRecheckAt());
      if (due.isEmpty()) {
        return settings.idlePoll();
      }
      Duration until = Duration.between(clock.instant(), due.get());
      if (until.isNegative()) {
        return Duration.ofMillis(1);
      }
      return until.compareTo(settings.idlePoll()) < 0 ? until : settings.idlePoll();
    } catch (RuntimeException e) {
      return settings.idlePoll();
    }
  }

  private static Optional<Instant> earliest(Optional<Instant> left, Optional<Instant> right) {
    if (left.isEmpty()) {
      return right;
    }
    if (right.isEmpty()) {
      return left;
    }
    return Optional.of(left.get().isBefore(right.get()) ? left.get() : right.get());
  }

  /** One look at the work: returns how many things it started or handed out. */
  private int pass(Executor executor) {
    int work = 0;
    for (var environment : promotions.environmentsWithPending()) {
      if (starter.startNext(environment)) {
        work++;
      }
    }
    Instant now = clock.instant();
    List<Long> due = promotions.listDue(now);
    for (long id : due) {
      if (!inFlight.add(id)) {
        continue;
      }
      if (!promotions.claim(id, settings.instanceId(), now, now.plus(settings.leaseDuration()))) {
        inFlight.remove(id);
        continue;
      }
      work++;
      try {
        executor.execute(() -> step(id));
      } catch (RuntimeException e) {
        inFlight.remove(id);
        promotions.release(id, settings.instanceId());
        throw e;
      }
    }
    return work;
  }

  private void step(long id) {
    long period = Math.max(1, settings.leaseDuration().toMillis() / 3);
    AtomicBoolean held = new AtomicBoolean(true);
    ScheduledFuture<?> renewal =
        renewals.scheduleAtFixedRate(() -> renew(id, held), period, period, TimeUnit.MILLISECONDS);
    try {
      reconciler.reconcile(id);
    } catch (RuntimeException e) {
      LOG.error("promotion {} step failed outside its error handling", id, e);
    } finally {
      renewal.cancel(false);
      try {
        promotions.release(id, settings.instanceId());
      } finally {
        inFlight.remove(id);
        wakeup.signal();
      }
    }
  }

  /**
   * Extends the lease of a promotion whose step is running. A lease found lost (this server could
   * not renew it in time, and another took the promotion) is said once in the log; the step's own
   * transitions are conditional on the phase, so its late result cannot undo the other's work.
   */
  private void renew(long id, AtomicBoolean held) {
    if (!held.get()) {
      return;
    }
    try {
      if (!promotions.renew(
          id, settings.instanceId(), clock.instant().plus(settings.leaseDuration()))) {
        held.set(false);
        LOG.warn(
            "promotion {}: another server took its lease while this one ran a step; this server"
                + " stops renewing it",
            id);
      }
    } catch (RuntimeException e) {
      LOG.warn("promotion {}: could not renew its lease; trying again", id, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      stopWorkers();
    } finally {
      // After the workers: a step finishing during the stop keeps its lease to the end.
      renewals.shutdownNow();
    }
  }

  private void stopWorkers() {
    if (!running) {
      return;
    }
    running = false;
    wakeup.signal();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
      workers.shutdown();
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
