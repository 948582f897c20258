package dev.slipway.fleet;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.check.Versions;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated services on a loopback HTTP port, standing in for the real apps. Each registered
 * service answers {@code GET /<environment>/<component>/_status} with the version it runs, follows
 * its source of truth (the manifests repository) after a rollout delay, and answers 500 while it
 * runs a build marked unhealthy. People drive the unhealthy switch over HTTP too: {@code PUT} or
 * {@code DELETE /_fleet/unhealthy/<component>/<commit prefix>}, and {@code GET /_fleet} lists it
 * all.
 *
 * <p>Time: the poll loop runs on real time, while whether a rollout is due is read from the clock
 * given. With the system clock that is a real rollout; a test with a hand-moved clock calls {@link
 * #refresh()} instead of waiting for the loop, and the outcome does not depend on when the loop
 * happens to run.
 */
public final class Fleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private static final Pattern PREFIX = Pattern.compile("[0-9A-Za-z._-]{1,64}");

  private record Key(EnvironmentName environment, ComponentName component) {}

  private final FleetSettings settings;
  private final Clock clock;
  private final Map<Key, FleetService> services = new ConcurrentHashMap<>();
  private final Map<ComponentName, Set<String>> unhealthy = new ConcurrentHashMap<>();
  private final Set<Key> unreadable = ConcurrentHashMap.newKeySet();
  private final Object refreshing = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final HttpServer server;
  private final ExecutorService requests;
  private final ScheduledExecutorService poller;

  private Fleet(FleetSettings settings, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
    } catch (IOException e) {
      throw SlipwayException.external(
          "the simulated fleet could not listen on loopback port " + settings.port(), e);
    }
    requests = Executors.newFixedThreadPool(4, daemonThreads("fleet-http"));
    server.setExecutor(requests);
    server.createContext("/", new FleetEndpoints(this));
    poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("fleet-poller"));
  }

  /** Starts a fleet that reads the time from the system clock. */
  public static Fleet start(FleetSettings settings) {
    return start(settings, Clock.systemUTC());
  }

  public static Fleet start(FleetSettings settings, Clock clock) {
    Fleet fleet = new Fleet(settings, clock);
    fleet.server.start();
    long interval = settings.pollInterval().toNanos();
    // Stopped by close(), through the executor; pollQuietly() reports its own failures.
    ScheduledFuture<?> unused =
        fleet.poller.scheduleWithFixedDelay(fleet::pollQuietly, 0, interval, TimeUnit.NANOSECONDS);
    log.info("simulated fleet listening on {}", fleet.baseUrl());
    return fleet;
  }

  /**
   * Adds a service, which from now on follows the version {@code desiredVersion} names: what the
   * manifests repository says this component should run in this environment, or empty while it
   * names nothing. It answers 503 until it first runs a version.
   *
   * @return the service's {@code _status} URL
   */
  public URI register(
      EnvironmentName environment,
      ComponentName component,
      Supplier<Optional<String>> desiredVersion) {
    Key key = new Key(environment, component);
    FleetService service = new FleetService(environment, component, desiredVersion);
    if (services.putIfAbsent(key, service) != null) {
      throw SlipwayException.conflict(
          "the fleet already has a service for %s in %s", component, environment);
    }
    return url(environment, component);
  }

  /** Where a service answers its status; the URL is the same whether it is registered or not. */
  public URI url(EnvironmentName environment, ComponentName component) {
    requireNonNull(environment, "environment is null");
    requireNonNull(component, "component is null");
    return address("/" + environment + "/" + component + "/_status");
  }

  /** {@code http://127.0.0.1:<port>}: where {@code /_fleet} and the services are. */
  public URI baseUrl() {
    return address("");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The version a service runs now; empty while it is starting or not registered. */
  public Optional<String> findRunningVersion(EnvironmentName environment, ComponentName component) {
    return findService(environment, component).flatMap(service -> service.state().running());
  }

  /**
   * Makes every build of a component whose commit starts with {@code commitPrefix} (seven
   * characters or more, or the exact version) answer 500 in every environment.
   */
  public void markUnhealthy(ComponentName component, String commitPrefix) {
    requireNonNull(component, "component is null");
    String prefix = prefix(commitPrefix);
    unhealthy.computeIfAbsent(component, ignored -> ConcurrentHashMap.newKeySet()).add(prefix);
    log.info("fleet: builds of {} matching {} are now unhealthy", component, prefix);
  }

  public void markHealthy(ComponentName component, String commitPrefix) {
    requireNonNull(component, "component is null");
    String prefix = prefix(commitPrefix);
    Set<String> prefixes = unhealthy.get(component);
    if (prefixes != null && prefixes.remove(prefix)) {
      log.info("fleet: builds of {} matching {} are healthy again", component, prefix);
    }
  }

  /** The prefixes marked unhealthy, per component, in order. */
  public SortedMap<ComponentName, Set<String>> unhealthyPrefixes() {
    SortedMap<ComponentName, Set<String>> result = new TreeMap<>();
    unhealthy.forEach(
        (component, prefixes) -> {
          if (!prefixes.isEmpty()) {
            result.put(component, new TreeSet<>(prefixes));
          }
        });
    return result;
  }

  /**
   * Reads every service's source of truth now and switches the services whose rollout is due, as
   * the poll loop does; for callers that cannot wait for the next poll.
   */
  public void refresh() {
    synchronized (refreshing) {
      for (FleetService service : services()) {
        Optional<String> desired;
        Key key = new Key(service.environment(), service.component());
        try {
          desired = service.readDesiredVersion();
        } catch (RuntimeException e) {
          if (closed.get()) {
            // close() interrupted this read; nothing is unreadable.
            return;
          }
          // Said once per outage rather than at every poll.
          if (unreadable.add(key)) {
            log.warn(
                "fleet: could not read the version {} should run in {}; keeping what it runs",
                service.component(),
                service.environment(),
                e);
          }
          continue;
        }
        if (unreadable.remove(key)) {
          log.info(
              "fleet: the version {} should run in {} can be read again",
              service.component(),
              service.environment());
        }
        Optional<String> previous = service.state().running();
        service
            .observe(desired, clock.instant(), settings.rolloutDelay())
            .ifPresent(
                version ->
                    log.info(
                        "fleet: {} in {} now runs {} (was {})",
                        service.component(),
                        service.environment(),
                        version,
                        previous.orElse("nothing")));
      }
    }
  }

  /** Stops serving and polling; once this returns, no poll is running or logs anything more. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      poller.shutdownNow();
      server.stop(0);
      requests.shutdownNow();
      try {
        if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("fleet: a poll was still running 5s after the fleet was closed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The services in environment and component order. */
  List<FleetService> services() {
    List<FleetService> result = new ArrayList<>(services.values());
    result.sort(
        Comparator.comparing(FleetService::environment).thenComparing(FleetService::component));
    return result;
  }

  Optional<FleetService> findService(EnvironmentName environment, ComponentName component) {
    return Optional.ofNullable(services.get(new Key(environment, component)));
  }

  /** Whether a running version is one of the builds marked unhealthy. */
  boolean isUnhealthy(ComponentName component, String version) {
    return unhealthy.getOrDefault(component, Set.of()).stream()
        .anyMatch(prefix -> Versions.matches(prefix, version));
  }

  private void pollQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again; the fleet must keep following.
      log.warn("fleet: poll failed", e);
    }
  }

  private URI address(String path) {
    InetSocketAddress address = server.getAddress();
    try {
      return new URI(
          "http", null, address.getAddress().getHostAddress(), address.getPort(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the fleet's own address is not a URI: " + address, e);
    }
  }

  private static String prefix(String commitPrefix) {
    requireNonNull(commitPrefix, "commitPrefix is null");
    if (!PREFIX.matcher(commitPrefix).matches()) {
      throw SlipwayException.invalid(
          "commitPrefix",
          "'%s' is not a commit prefix (letters, digits, '.', '_' and '-', at most 64)",
          commitPrefix);
    }
    return commitPrefix.toLowerCase(Locale.ROOT);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
