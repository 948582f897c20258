package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs promotions: starts the next pending one of each free environment once its gates pass, and
 * hands each started promotion that is due to a worker for its next step. A step is claimed with a
 * lease in the database first, so servers sharing a database never run the same step twice; while
 * the step runs, the lease is renewed every third of its duration, so a step may take longer than
 * the lease (a rollout wait, a long command). A step whose lease is lost anyway (a long pause, a
 * lost connection) writes nothing when it ends: see {@link LeaseGuard}. The scheduler sleeps until
 * the next promotion is due or a held promotion's gates are to be asked again, or until it is woken
 * by a new request or a gate event, whichever comes first.
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

  /**
   * One thread renews the leases of every running step. Renewals are paced by real time, as the
   * steps run; the times they write come from the clock, like the claims they extend.
   */
  private final ScheduledThreadPoolExecutor renewals;

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
    this.renewals =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "slipway-lease-renewal");
              thread.setDaemon(true);
              return thread;
            });
    renewals.setRemoveOnCancelPolicy(true);
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
    Renewal renewal = new Renewal(id);
    try {
      renewal.start();
      reconciler.reconcile(id);
    } catch (RuntimeException e) {
      LOG.error("promotion {} step failed outside its error handling", id, e);
    } finally {
      try {
        renewal.stop();
        promotions.release(id, settings.instanceId());
      } finally {
        inFlight.remove(id);
        wakeup.signal();
      }
    }
  }

  @Override
  public synchronized void close() {
    // Leases are renewed no more from here on. A step still running may finish and record its
    // outcome as long as no other server has taken its promotion over, which none can before the
    // lease runs out; one that hangs is taken over once it has.
    renewals.shutdown();
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

  /** Keeps the lease of one running step, until the step ends or the lease turns out lost. */
  private final class Renewal implements Runnable {
    private final long promotion;
    private ScheduledFuture<?> future;
    private boolean stopped;

    Renewal(long promotion) {
      this.promotion = promotion;
    }

    synchronized void start() {
      long period = Math.max(1, settings.leaseDuration().dividedBy(3).toMillis());
      try {
        future = renewals.scheduleAtFixedRate(this, period, period, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.info("scheduler stopped: the lease of promotion {} is not renewed", promotion);
      }
    }

    /** Waits for a renewal under way, so none runs after the lease is released. */
    synchronized void stop() {
      stopped = true;
      if (future != null) {
        future.cancel(false);
      }
    }

    @Override
    public synchronized void run() {
      if (stopped) {
        return;
      }
      try {
        Instant now = clock.instant();
        if (!promotions.renew(
            promotion, settings.instanceId(), now.plus(settings.leaseDuration()))) {
          stop();
          lost(now);
        }
      } catch (RuntimeException e) {
        LOG.warn("could not renew the lease of promotion {}; trying again", promotion, e);
      }
    }

    private void lost(Instant now) {
      String holder =
          promotions.findLeaseOwner(promotion).map(owner -> "server " + owner).orElse("no server");
      LOG.warn(
          "lost the lease of promotion {} while its step runs; {} holds it now, and this server"
              + " ({}) will not record the step's outcome",
          promotion,
          holder,
          settings.instanceId());
      promotions
          .jdbi()
          .useHandle(
              handle ->
                  promotions.appendStep(
                      handle,
                      promotion,
                      now.truncatedTo(ChronoUnit.MILLIS),
                      StepSeverity.WARNING,
                      "Server "
                          + settings.instanceId()
                          + " lost the lease of this promotion while running its step ("
                          + holder
                          + " holds it now); the step's outcome will not be recorded"));
    }
  }
}
