package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.bench.Report.Goal;
import dev.slipway.bench.Report.Statistic;
import dev.slipway.bench.Rig.Staging;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures Slipway's core loop end to end, in one run, against the built server jar: build
 * registered to deploy commit on the manifests remote, failing probe to revert commit, server start
 * to first API answer (warm and cold), idle memory, and last certification of a release to its
 * production promotion starting ({@link CertificationBenchmark}). Prints a Markdown table with each
 * figure beside its goal and appends it to {@code docs/benchmarks.md}.
 *
 * <p>Exits 0 when every goal was met, 3 when one was missed (the report is written either way).
 */
@Command(
    name = "bench/run",
    mixinStandardHelpOptions = true,
    description =
        "Measure Slipway's core loop, and releases started by their last certification, against"
            + " server/target/slipway.jar.")
public final class CoreLoopBenchmark implements Callable<Integer> {
  /**
   * The JVM flags the server is documented to run with (bench/README.md, which says why): a heap
   * capped at 256 MB that starts small, the serial collector, and the quick compiler only.
   */
  public static final String RECOMMENDED_JVM_FLAGS =
      "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int LOOP_WARMUP = 3;
  private static final int PROBE_WARMUP = 2;

  /** Builds registered one after another, each after the previous one's promotion ended. */
  private static final Staging DEPLOY_LOOP =
      new Staging(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100), 2);

  /**
   * Builds stay verifying (a long bake) until the fleet reports them unhealthy: a check every 200
   * ms, and two failures in a row roll back.
   */
  private static final Staging FAILING_PROBE =
      new Staging(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMillis(200), 2);

  @Option(
      names = "--server-jar",
      defaultValue = "server/target/slipway.jar",
      description = "The shaded server jar (default ${DEFAULT-VALUE})")
  Path serverJar;

  @Option(
      names = "--jvm-flags",
      defaultValue = RECOMMENDED_JVM_FLAGS,
      description = "JVM flags of the measured server (default: ${DEFAULT-VALUE})")
  String jvmFlags;

  @Option(
      names = "--builds",
      defaultValue = "100",
      description = "Builds measured from registration to deploy commit (default ${DEFAULT-VALUE})")
  int builds;

  @Option(
      names = "--probes",
      defaultValue = "20",
      description = "Failing probes measured to the revert commit (default ${DEFAULT-VALUE})")
  int probes;

  @Option(
      names = "--starts",
      defaultValue = "10",
      description = "Starts measured, warm and cold each (default ${DEFAULT-VALUE})")
  int starts;

  @Option(
      names = "--idle",
      defaultValue = "30",
      description = "Seconds idle before resident memory is read (default ${DEFAULT-VALUE})")
  int idleSeconds;

  @Option(
      names = "--certifications",
      defaultValue = "20",
      description =
          "Production releases measured from their last certification to their promotion"
              + " starting; part of every run unless --only leaves it out (default"
              + " ${DEFAULT-VALUE})")
  int certifications;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "MEASURE",
      description =
          "Run only these measures, comma-separated: starts, deploys, probes, idle,"
              + " certifications (default: all)")
  List<Measure> only = List.of();

  @Option(
      names = "--output",
      defaultValue = "docs/benchmarks.md",
      description =
          "Markdown file the results are appended to; empty for none (default ${DEFAULT-VALUE})")
  String output;

  @Option(
      names = "--invoked-as",
      defaultValue = "java dev.slipway.bench.CoreLoopBenchmark",
      description = "The command line to quote in the report")
  String invokedAs;

  @Option(names = "--keep", description = "Keep the working folder (logs, repositories)")
  boolean keep;

  /** The measures of a run, in the order they run. */
  enum Measure {
    STARTS,
    DEPLOYS,
    PROBES,
    IDLE,
    CERTIFICATIONS
  }

  private final PrintStream progress = System.err;
  private final Random random = new Random();
  private final Set<String> usedCommits = new HashSet<>();

  public static void main(String[] args) {
    // Before any logger exists: the core test jar on the class path brings a logback-test.xml.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dev/slipway/bench/logback-bench.xml");
    }
    System.exit(
        new CommandLine(new CoreLoopBenchmark())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws IOException, TimeoutException {
    if (!Files.isRegularFile(serverJar)) {
      throw new IllegalArgumentException(
          serverJar + " does not exist: build it with mvn -B -q package -DskipTests");
    }
    if (runs(Measure.CERTIFICATIONS) && certifications < 1) {
      throw new IllegalArgumentException(
          "--certifications must be at least 1; leave the measure out with --only");
    }
    List<String> flags = flags(jvmFlags);
    Machine machine = Machine.describe();
    ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    Path work = Files.createTempDirectory("slipway-bench-");
    Report report = new Report();
    report.context("Command: `" + invokedAs + "`");
    report.context(
        "Machine: "
            + machine.cores()
            + " cores ("
            + machine.cpu()
            + "), "
            + machine.memory()
            + ", "
            + machine.operatingSystem()
            + ", "
            + machine.jdk());
    report.context("Load average (1, 5, 15 min) at the start: " + machine.load());
    report.context("Server JVM flags: `" + String.join(" ", flags) + "`");
    try {
      if (runs(Measure.STARTS)) {
        measureStarts(work, flags, report);
      }
      if (runs(Measure.DEPLOYS)) {
        measureDeployLoop(work, flags, report);
      }
      if (runs(Measure.PROBES)) {
        measureFailingProbe(work, flags, report);
      }
      if (runs(Measure.IDLE)) {
        measureIdleMemory(work, "idle", flags, report, true);
        measureIdleMemory(work, "idle-jvm-defaults", List.of(), report, false);
      }
      if (runs(Measure.CERTIFICATIONS)) {
        new CertificationBenchmark(serverJar, flags, progress)
            .measure(work, certifications, report);
      }
    } finally {
      if (keep) {
        progress.println("kept the working folder " + work);
      } else {
        deleteRecursively(work);
      }
    }
    report.context("Load average (1, 5, 15 min) at the end: " + Machine.loadAverage());
    String markdown =
        report.markdown(
            "Run of " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
    System.out.println(markdown);
    if (!output.isBlank()) {
      append(Path.of(output), markdown);
      progress.println("appended to " + output);
    }
    return report.allGoalsMet() ? 0 : 3;
  }

  private boolean runs(Measure measure) {
    return only.isEmpty() || only.contains(measure);
  }

  private void measureStarts(Path work, List<String> flags, Report report) {
    try (Rig rig = Rig.create(work, "starts", DEPLOY_LOOP)) {
      // Nothing is deployed here: the fleet's polling would only take CPU from the starting server.
      rig.fleet().close();
      // Once untimed, so that every timed start finds the jar in the file cache.
      try (ServerProcess first = start(rig, flags, rig.dataDirectory(), "first")) {
        progress.println("first start (not counted): " + millis(first.firstAnswer()));
      }
      Samples cold = new Samples("cold start");
      Samples warm = new Samples("warm start");
      for (int i = 1; i <= starts; i++) {
        try (ServerProcess server =
            start(rig, flags, rig.directory().resolve("cold-" + i), "cold-" + i)) {
          cold.add(server.firstAnswer());
        }
        try (ServerProcess server = start(rig, flags, rig.dataDirectory(), "warm-" + i)) {
          warm.add(server.firstAnswer());
        }
        progress.printf(
            Locale.ROOT,
            "start %d/%d: cold %s, warm %s%n",
            i,
            starts,
            millis(cold.values().get(i - 1)),
            millis(warm.values().get(i - 1)));
      }
      report.durations(
          "Server start → first API answer, warm (existing data directory)",
          warm,
          false,
          Optional.of(Goal.millis(Statistic.P50, 3000)));
      report.durations(
          "Server start → first API answer, cold (new data directory: database created and"
              + " migrated)",
          cold,
          false,
          Optional.of(Goal.millis(Statistic.P50, 3000)));
      report.context(
          "Start: `java <flags> -jar slipway.jar server` as a process, timed from starting the"
              + " process to the first 200 of `GET /api/v1/health` (asked every 5 ms); warm and"
              + " cold starts alternate, after one untimed start.");
      measureStartsWithClassArchive(rig, flags, report);
    }
  }

  /**
   * Warm starts with an application class-data archive, which a training start writes when it
   * exits: what an operator gains by adding {@code -XX:SharedArchiveFile} to the flags.
   */
  private void measureStartsWithClassArchive(Rig rig, List<String> flags, Report report) {
    Path archive = rig.directory().resolve("slipway.jsa");
    List<String> training = new ArrayList<>(flags);
    training.add("-XX:ArchiveClassesAtExit=" + archive);
    try (ServerProcess trained = start(rig, training, rig.dataDirectory(), "archive-training")) {
      progress.println(
          "training start: "
              + millis(trained.firstAnswer())
              + "; the archive is written as it exits");
    }
    if (!Files.isRegularFile(archive)) {
      report.note("The class-data archive was not written, so starts with it were not measured.");
      return;
    }
    List<String> archived = new ArrayList<>(flags);
    archived.add("-XX:SharedArchiveFile=" + archive);
    Samples warm = new Samples("warm start with a class-data archive");
    for (int i = 1; i <= starts; i++) {
      try (ServerProcess server = start(rig, archived, rig.dataDirectory(), "archived-" + i)) {
        warm.add(server.firstAnswer());
      }
    }
    progress.println("starts with the class-data archive: p50 " + millis(warm.p50()));
    report.durations(
        "Server start → first API answer, warm, adding `-XX:SharedArchiveFile=slipway.jsa`"
            + " (an archive written by one training start with `-XX:ArchiveClassesAtExit`)",
        warm,
        false,
        Optional.empty());
  }

  private void measureDeployLoop(Path work, List<String> flags, Report report)
      throws TimeoutException {
    try (Rig rig = Rig.create(work, "deploys", DEPLOY_LOOP);
        ServerProcess server = start(rig, flags, rig.dataDirectory(), "deploys");
        RemoteWatch remote = RemoteWatch.start(rig.manifests().directory(), "main")) {
      Api api = new Api(server.url(), rig.token());
      Samples toCommit = new Samples("build registered → deploy commit");
      Samples registration = new Samples("registration call");
      Duration firstBuild = Duration.ZERO;
      for (int i = 1; i <= LOOP_WARMUP + builds; i++) {
        String commit = newCommit();
        long before = System.nanoTime();
        api.post("api/v1/builds", Map.of("component", "api", "commit", commit));
        long registered = System.nanoTime();
        Started promotion = promotionOf(api, commit);
        long pushed = remote.awaitOperation(promotion.operation("deploy"), PATIENCE);
        awaitPhase(api, promotion.id(), "SUCCEEDED");
        Duration took = Duration.ofNanos(pushed - before);
        if (i == 1) {
          firstBuild = took;
        }
        if (i > LOOP_WARMUP) {
          toCommit.add(took);
          registration.add(Duration.ofNanos(registered - before));
        }
        if (i % 10 == 0 || i == 1) {
          progress.printf(Locale.ROOT, "build %d/%d: %s%n", i, LOOP_WARMUP + builds, millis(took));
        }
      }
      ServerProcess.Memory memory = server.memory();
      report.durations(
          "Build registered → deploy commit on the manifests remote",
          toCommit,
          true,
          Optional.of(Goal.millis(Statistic.P50, 1000)));
      report.durations(
          "Build registration API call (part of the above)", registration, true, Optional.empty());
      report.memory(
          "Resident memory right after the deploy loop (peak: "
              + Report.format(memory.peakResidentKib() / 1024.0)
              + " MB)",
          memory.residentKib(),
          Optional.empty());
      report.context(
          "Deploy loop: one automatic `staging` environment ("
              + DEPLOY_LOOP.describe()
              + ") writing `API_DOCKER_TAG` in a bare manifests repository on local disk; "
              + builds
              + " `api` builds registered through the API one after another, each once the"
              + " previous promotion succeeded; timed from sending the registration to the moment"
              + " the deploy commit is the remote branch's head (read every "
              + RemoteWatch.POLL.toMillis()
              + " ms). "
              + LOOP_WARMUP
              + " builds before them are not counted; the first, which also made the server's"
              + " clone, took "
              + millis(firstBuild)
              + ".");
    }
  }

  private void measureFailingProbe(Path work, List<String> flags, Report report)
      throws TimeoutException {
    try (Rig rig = Rig.create(work, "probes", FAILING_PROBE);
        ServerProcess server = start(rig, flags, rig.dataDirectory(), "probes");
        RemoteWatch remote = RemoteWatch.start(rig.manifests().directory(), "main")) {
      Api api = new Api(server.url(), rig.token());
      Samples toRevert = new Samples("failing probe → revert commit");
      for (int i = 1; i <= PROBE_WARMUP + probes; i++) {
        String commit = newCommit();
        api.post("api/v1/builds", Map.of("component", "api", "commit", commit));
        Started promotion = promotionOf(api, commit);
        awaitPhase(api, promotion.id(), "VERIFYING");
        // The failure starts anywhere in the check interval, as a real one would.
        pause(Duration.ofMillis(random.nextInt((int) FAILING_PROBE.checkInterval().toMillis())));
        long failing = System.nanoTime();
        rig.fleet().markUnhealthy(Rig.API, commit.substring(0, 7));
        long reverted = remote.awaitOperation(promotion.operation("revert"), PATIENCE);
        awaitPhase(api, promotion.id(), "FAILED");
        Duration took = Duration.ofNanos(reverted - failing);
        if (i > PROBE_WARMUP) {
          toRevert.add(took);
        }
        progress.printf(Locale.ROOT, "probe %d/%d: %s%n", i, PROBE_WARMUP + probes, millis(took));
      }
      report.durations(
          "Failing probe → revert commit on the manifests remote",
          toRevert,
          false,
          Optional.of(Goal.millis(Statistic.MAX, 2000)));
      report.context(
          "Failing probe: `staging` with "
              + FAILING_PROBE.describe()
              + " (the long bake keeps each build verifying); once a build's promotion is"
              + " verifying, the simulated fleet makes it answer 500 at a random moment of the"
              + " check interval, timed from that moment to the revert commit being the remote"
              + " branch's head. "
              + PROBE_WARMUP
              + " probes before them are not counted. The revert follows the second failing"
              + " check, so these settings put it one to two check intervals after the failure"
              + " starts, plus the time to write it.");
    }
  }

  private void measureIdleMemory(
      Path work, String name, List<String> flags, Report report, boolean judged)
      throws TimeoutException {
    try (Rig rig = Rig.create(work, name, DEPLOY_LOOP);
        ServerProcess server = start(rig, flags, rig.dataDirectory(), name)) {
      Api api = new Api(server.url(), rig.token());
      String commit = newCommit();
      api.post("api/v1/builds", Map.of("component", "api", "commit", commit));
      awaitPhase(api, promotionOf(api, commit).id(), "SUCCEEDED");
      progress.printf(Locale.ROOT, "%s: one deploy done, idle for %d s%n", name, idleSeconds);
      pause(Duration.ofSeconds(idleSeconds));
      ServerProcess.Memory memory = server.memory();
      String what =
          judged
              ? "Idle resident memory (VmRSS) with the flags above"
              : "Idle resident memory (VmRSS) with the JVM's defaults, no flags (for comparison)";
      report.memory(
          what
              + ", after one deploy and "
              + idleSeconds
              + " s idle (peak: "
              + Report.format(memory.peakResidentKib() / 1024.0)
              + " MB)",
          memory.residentKib(),
          judged ? Optional.of(Goal.mebibytes(250)) : Optional.empty());
    }
  }

  private ServerProcess start(Rig rig, List<String> flags, Path dataDirectory, String name) {
    return ServerProcess.start(
        serverJar, flags, rig.config(), dataDirectory, rig.directory().resolve(name + ".log"));
  }

  /** A new, random commit id whose short form no earlier build of the run shares. */
  private String newCommit() {
    while (true) {
      StringBuilder commit = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        commit.append(Character.forDigit(random.nextInt(16), 16));
      }
      if (usedCommits.add(commit.substring(0, 7))) {
        return commit.toString();
      }
    }
  }

  /**
   * A promotion: its number, and what its commits carry in their {@code Slipway-Operation} trailer
   * ({@code promotion-<number>.<creation millis>-deploy}).
   */
  record Started(long id, Instant createdAt) {
    String operation(String purpose) {
      return "promotion-" + id + "." + createdAt.toEpochMilli() + "-" + purpose;
    }
  }

  /** The promotion that registering a build started in staging. */
  private static Started promotionOf(Api api, String commit) {
    return promotionOf(api, "staging", commit);
  }

  /** The newest promotion of an environment among its last five that brings a build's commit. */
  static Started promotionOf(Api api, String environment, String commit) {
    for (JsonNode promotion :
        api.get("api/v1/promotions?environment=" + environment + "&limit=5")) {
      for (JsonNode build : promotion.get("builds")) {
        if (commit.equals(build.path("build").path("commit").asText())) {
          return new Started(
              promotion.get("id").asLong(), Instant.parse(promotion.get("createdAt").asText()));
        }
      }
    }
    throw new IllegalStateException("no promotion in " + environment + " for build " + commit);
  }

  static void awaitPhase(Api api, long id, String phase) throws TimeoutException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode promotion = api.get("api/v1/promotions/" + id);
      String current = promotion.get("phase").asText();
      if (current.equals(phase)) {
        return;
      }
      if (promotion.get("terminal").asBoolean()) {
        throw new IllegalStateException(
            "promotion " + id + " ended " + current + ", not " + phase + ": " + promotion);
      }
      pause(Duration.ofMillis(20));
    }
    throw new TimeoutException("promotion " + id + " did not reach " + phase + " in " + PATIENCE);
  }

  private static List<String> flags(String flags) {
    return WHITESPACE.splitAsStream(flags.strip()).filter(flag -> !flag.isEmpty()).toList();
  }

  static String millis(Duration duration) {
    return Report.format(duration.toNanos() / 1_000_000.0) + " ms";
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void append(Path file, String markdown) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    if (!Files.exists(file)) {
      Files.writeString(file, "# Benchmarks\n", UTF_8);
    }
    Files.writeString(file, "\n" + markdown, UTF_8, StandardOpenOption.APPEND);
  }

  static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
