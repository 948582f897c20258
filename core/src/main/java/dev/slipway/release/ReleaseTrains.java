package dev.slipway.release;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.ReleaseConfig.ReleaseEnvironmentConfig;
import dev.slipway.config.ReleaseConfig.TrainConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release trains: at each time an environment's train names (a Unix cron expression read in its
 * zone), the environment's next release is cut from what its upstream verified, if that is new.
 * Departures are counted from when this instance started; one missed while the server was down is
 * not made up, since the open release follows the upstream anyway.
 */
public final class ReleaseTrains implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseTrains.class);

  private final Releases releases;
  private final Clock clock;
  private final Map<EnvironmentName, TrainConfig> trains = new LinkedHashMap<>();
  private final Map<EnvironmentName, Instant> departures = new LinkedHashMap<>();
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> next;

  public ReleaseTrains(Releases releases, SlipwayConfig config, Clock clock) {
    this.releases = requireNonNull(releases, "releases is null");
    this.clock = requireNonNull(clock, "clock is null");
    Instant now = clock.instant();
    for (ReleaseEnvironmentConfig environment : config.releases().environments().values()) {
      environment
          .train()
          .ifPresent(
              train -> {
                trains.put(environment.name(), train);
                train.nextAfter(now).ifPresent(at -> departures.put(environment.name(), at));
              });
    }
  }

  /** When each train leaves next. */
  public synchronized Map<EnvironmentName, Instant> departures() {
    return Map.copyOf(departures);
  }

  /** The earliest next departure of any train. */
  public synchronized Optional<Instant> nextDeparture() {
    return departures.values().stream().min(Instant::compareTo);
  }

  /**
   * Cuts for every train whose departure has come, and works out each one's next departure. Returns
   * the releases cut; a train finding nothing new cuts nothing.
   */
  public synchronized List<Release> runDue() {
    Instant now = clock.instant();
    List<Release> cut = new ArrayList<>();
    for (Map.Entry<EnvironmentName, TrainConfig> train : trains.entrySet()) {
      Instant departure = departures.get(train.getKey());
      if (departure == null || now.isBefore(departure)) {
        continue;
      }
      try {
        releases.cutIfChanged(train.getKey(), ReleaseOrigin.TRAIN).ifPresent(cut::add);
      } catch (RuntimeException e) {
        LOG.warn("the release train of {} could not cut a release", train.getKey(), e);
      }
      Optional<Instant> following = train.getValue().nextAfter(now);
      if (following.isPresent()) {
        departures.put(train.getKey(), following.get());
      } else {
        departures.remove(train.getKey());
      }
    }
    return cut;
  }

  /** Runs the trains on a timer of their own until closed. */
  public synchronized void start() {
    if (timer != null || trains.isEmpty()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "slipway-release-trains");
              thread.setDaemon(true);
              return thread;
            });
    schedule();
  }

  private synchronized void schedule() {
    Optional<Instant> at = nextDeparture();
    if (timer == null || at.isEmpty()) {
      return;
    }
    long delay = Math.max(0, Duration.between(clock.instant(), at.get()).toMillis());
    next =
        timer.schedule(
            () -> {
              runDue();
              schedule();
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (next != null) {
      next.cancel(false);
    }
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
