package dev.slipway.bench;

import static dev.slipway.bench.CoreLoopBenchmark.awaitPhase;
import static dev.slipway.bench.CoreLoopBenchmark.millis;
import static dev.slipway.bench.CoreLoopBenchmark.promotionOf;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.bench.CoreLoopBenchmark.Started;
import dev.slipway.bench.ReleaseRig.Author;
import dev.slipway.bench.Report.Goal;
import dev.slipway.bench.Report.Statistic;
import dev.slipway.bench.Rig.Staging;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how soon the last certification a production release waits on starts its promotion:
 * round after round, two people each commit to {@code api}, the head is built and verified in
 * staging, Slipway cuts a release for production by itself, and its promotion waits on the {@code
 * certification} gate until both have certified through the API. Timed from just before the second
 * certification is sent to the moment the promotion is seen out of {@code PENDING} through the API,
 * and to its deploy commit reaching the manifests remote.
 */
final class CertificationBenchmark {
  /** How often the promotion is asked for while the last certification goes through. */
  static final Duration POLL = Duration.ofMillis(5);

  /** Rounds before the counted ones: the server's first certifications load what they use. */
  static final int WARMUP = 2;

  /** How staging and production verify a deploy: quickly, since only the gate is measured. */
  static final Staging VERIFICATION =
      new Staging(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100), 2);

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /**
   * Longer than the gate's once-a-minute recheck: a start that came from the recheck instead of the
   * certification shows as a figure far over the goal rather than as a timeout.
   */
  private static final Duration START_PATIENCE = Duration.ofMinutes(2);

  private final Path serverJar;
  private final List<String> flags;
  private final PrintStream progress;

  CertificationBenchmark(Path serverJar, List<String> flags, PrintStream progress) {
    this.serverJar = requireNonNull(serverJar, "serverJar is null");
    this.flags = List.copyOf(requireNonNull(flags, "flags is null"));
    this.progress = requireNonNull(progress, "progress is null");
  }

  /** What one round measured. */
  record Round(Duration toStart, String phaseSeen, Duration toDeployCommit, Duration call) {
    Round {
      requireNonNull(toStart, "toStart is null");
      requireNonNull(phaseSeen, "phaseSeen is null");
      requireNonNull(toDeployCommit, "toDeployCommit is null");
      requireNonNull(call, "call is null");
    }
  }

  /**
   * Runs {@link #WARMUP} rounds and then {@code rounds} counted ones against a server of its own in
   * a new folder under {@code work}, and adds their rows to the report.
   */
  void measure(Path work, int rounds, Report report) throws TimeoutException {
    if (rounds < 1) {
      throw new IllegalArgumentException("certification rounds must be at least 1, not " + rounds);
    }
    Samples toStart = new Samples("last certification → production promotion leaves PENDING");
    Samples toCommit = new Samples("last certification → production deploy commit");
    Samples calls = new Samples("last certification API call");
    ExecutorService watcher =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "promotion-watch");
              thread.setDaemon(true);
              return thread;
            });
    try (ReleaseRig rig = ReleaseRig.create(work, "certifications", VERIFICATION);
        ServerProcess server =
            ServerProcess.start(
                serverJar,
                flags,
                rig.config(),
                rig.dataDirectory(),
                rig.directory().resolve("certifications.log"));
        RemoteWatch remote = RemoteWatch.start(rig.manifests().directory(), "main")) {
      Api ci = new Api(server.url(), rig.ciToken());
      Api first = new Api(server.url(), rig.token(ReleaseRig.ADA));
      Api last = new Api(server.url(), rig.token(ReleaseRig.GRACE));
      Api watch = new Api(server.url(), rig.ciToken());
      shipFirstBuild(rig, ci);
      for (int i = 1; i <= WARMUP + rounds; i++) {
        Round round = round(i, rig, ci, first, last, watch, watcher, remote);
        if (i > WARMUP) {
          toStart.add(round.toStart());
          toCommit.add(round.toDeployCommit());
          calls.add(round.call());
        }
        progress.printf(
            Locale.ROOT,
            "certification round %d/%d: %s to %s, deploy commit at %s, call %s%n",
            i,
            WARMUP + rounds,
            millis(round.toStart()),
            round.phaseSeen(),
            millis(round.toDeployCommit()),
            millis(round.call()));
      }
    } finally {
      watcher.shutdownNow();
    }
    report.durations(
        "Last certification → production promotion leaves PENDING (seen through the API)",
        toStart,
        false,
        Optional.of(Goal.millis(Statistic.MAX, 1000)));
    report.durations(
        "Last certification → production deploy commit on the manifests remote",
        toCommit,
        false,
        Optional.empty());
    report.durations(
        "Last certification API call (part of the above)", calls, false, Optional.empty());
    report.context(
        "Certification: automatic `staging` and automatic `production` (both "
            + VERIFICATION.describe()
            + "), `production` taking releases that follow `staging` and held by the"
            + " `certification` gate; `api`'s source a real git repository on local disk, read in"
            + " place. Each round, "
            + ReleaseRig.ADA.email()
            + " and "
            + ReleaseRig.GRACE.email()
            + " commit once each under other addresses (mapped by `releases.owners`), the head"
            + " is registered and verified in staging, Slipway cuts the production release and its"
            + " promotion waits; the first author certifies through the API and, once the gate"
            + " names only the second, the second certifies. Timed from just before the second's"
            + " `POST /api/v1/releases/{id}/certifications` to the first answer of `GET"
            + " /api/v1/promotions/{id}` out of `PENDING` (a thread asks "
            + POLL.toMillis()
            + " ms after each answer, so a figure is at most one ask late), and to the deploy"
            + " commit being the remote branch's head (read every "
            + RemoteWatch.POLL.toMillis()
            + " ms). Production verified before the next round. "
            + WARMUP
            + " rounds before them are not counted.");
  }

  /**
   * Ships a first build to staging and production. Nothing runs in production before it, so its
   * release brings no commits to certify and goes out at once; every later release brings two.
   */
  private void shipFirstBuild(ReleaseRig rig, Api ci) throws TimeoutException {
    String commit = rig.commit(ReleaseRig.ADA, "Start the API");
    verifyInStaging(ci, commit);
    Started production = promotionOf(ci, ReleaseRig.PRODUCTION.value(), commit);
    awaitPhase(ci, production.id(), "SUCCEEDED");
    progress.println("first build shipped to production without certification");
  }

  private Round round(
      int number,
      ReleaseRig rig,
      Api ci,
      Api first,
      Api last,
      Api watch,
      ExecutorService watcher,
      RemoteWatch remote)
      throws TimeoutException {
    rig.commit(ReleaseRig.ADA, "Limit the rate of sends, round " + number + " (#" + number + ")");
    String head =
        rig.commit(
            ReleaseRig.GRACE,
            "Retry failed sends, round " + number + " (#" + (1000 + number) + ")");
    verifyInStaging(ci, head);
    Started production = promotionOf(ci, ReleaseRig.PRODUCTION.value(), head);
    JsonNode waiting = ci.get("api/v1/promotions/" + production.id());
    if (!"PENDING".equals(waiting.get("phase").asText()) || waiting.get("release").isNull()) {
      throw new IllegalStateException(
          "production promotion "
              + production.id()
              + " should wait on its release's certification: "
              + waiting);
    }
    String certifications =
        "api/v1/releases/" + waiting.get("release").asLong() + "/certifications";
    JsonNode afterFirst = first.post(certifications, Map.of("action", "certify"));
    requireMissing(afterFirst, List.of(ReleaseRig.GRACE), "after the first certification");
    awaitGateWaitingOnlyOn(ci, production.id(), ReleaseRig.GRACE);

    Future<Seen> seen = watcher.submit(() -> awaitStart(watch, production.id()));
    long before = System.nanoTime();
    JsonNode afterLast = last.post(certifications, Map.of("action", "certify"));
    long answered = System.nanoTime();
    requireMissing(afterLast, List.of(), "after the last certification");
    if (!"PASS".equals(afterLast.get("verdict").asText())) {
      throw new IllegalStateException("the certification gate should pass now: " + afterLast);
    }
    Seen started = await(seen, production.id());
    if (started.at() < before) {
      throw new IllegalStateException(
          "production promotion "
              + production.id()
              + " left PENDING before the last certification");
    }
    long committed = remote.awaitOperation(production.operation("deploy"), PATIENCE);
    awaitPhase(ci, production.id(), "SUCCEEDED");
    return new Round(
        Duration.ofNanos(started.at() - before),
        started.phase(),
        Duration.ofNanos(committed - before),
        Duration.ofNanos(answered - before));
  }

  /** Registers a build as CI does and waits until staging verified it. */
  private static void verifyInStaging(Api ci, String commit) throws TimeoutException {
    ci.post("api/v1/builds", Map.of("component", "api", "commit", commit));
    awaitPhase(ci, promotionOf(ci, "staging", commit).id(), "SUCCEEDED");
  }

  private static void requireMissing(JsonNode review, List<Author> expected, String when) {
    List<String> missing = new ArrayList<>();
    review.get("missing").forEach(owner -> missing.add(owner.asText()));
    List<String> wanted = expected.stream().map(Author::email).toList();
    if (!missing.equals(wanted)) {
      throw new IllegalStateException(
          "the release should wait on " + wanted + " " + when + ", not " + missing + ": " + review);
    }
  }

  /**
   * Waits until the promotion's certification gate has been asked again since the first
   * certification and names only the last owner, so that the measured certification finds the
   * server idle rather than still deciding on the previous one.
   */
  private static void awaitGateWaitingOnlyOn(Api api, long id, Author author)
      throws TimeoutException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String expected = "waiting on " + author.email();
    while (System.nanoTime() < deadline) {
      JsonNode promotion = api.get("api/v1/promotions/" + id);
      if (!"PENDING".equals(promotion.get("phase").asText())) {
        throw new IllegalStateException(
            "production promotion "
                + id
                + " started before its last owner certified: "
                + promotion);
      }
      for (JsonNode gate : promotion.path("gates")) {
        String reason = gate.path("reason").asText();
        if (reason.contains("1 of 2 owners certified") && reason.endsWith(expected)) {
          return;
        }
      }
      CoreLoopBenchmark.pause(Duration.ofMillis(20));
    }
    throw new TimeoutException(
        "the certification gate of promotion "
            + id
            + " did not come to name only "
            + author.email()
            + " in "
            + PATIENCE);
  }

  /** The first answer showing a promotion out of {@code PENDING}: when it came, and the phase. */
  private record Seen(long at, String phase) {}

  private static Seen awaitStart(Api api, long id) {
    String path = "api/v1/promotions/" + id;
    while (!Thread.currentThread().isInterrupted()) {
      JsonNode promotion = api.get(path);
      long at = System.nanoTime();
      String phase = promotion.get("phase").asText();
      if (!"PENDING".equals(phase)) {
        return new Seen(at, phase);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IllegalStateException("stopped watching promotion " + id);
  }

  private static Seen await(Future<Seen> seen, long id) throws TimeoutException {
    try {
      return seen.get(START_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      seen.cancel(true);
      throw new TimeoutException(
          "production promotion " + id + " did not leave PENDING in " + START_PATIENCE);
    } catch (ExecutionException e) {
      throw new IllegalStateException("watching promotion " + id + " failed", e.getCause());
    } catch (InterruptedException e) {
      seen.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
