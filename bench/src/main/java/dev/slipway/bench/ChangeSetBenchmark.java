package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.build.CommitSha;
import dev.slipway.change.ChangeCommit;
import dev.slipway.change.ChangeSet;
import dev.slipway.change.ChangeSets;
import dev.slipway.change.ComponentSources;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.SlipwayConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how fast Slipway computes a change set against {@code git log} on the same repository,
 * in one run: a repository of many commits is generated with {@code git fast-import}, then, after a
 * warm-up, Slipway's change set of a long range and {@code git log A..B --format='%H %ae %s'} are
 * timed alternately. Slipway runs in this JVM (as it does in the server, through {@link
 * ChangeSets}); git runs as a process per call, timed from its start to its exit with its output
 * read and thrown away. Before timing, both lists are compared commit by commit, so the two do the
 * same work.
 *
 * <p>Exits 0 when Slipway's median is within the goal's ratio of git's, 3 when it is not (the
 * report is written either way).
 */
@Command(
    name = "bench/change-sets",
    mixinStandardHelpOptions = true,
    description = "Measure Slipway's change sets against git log on a generated repository.")
public final class ChangeSetBenchmark implements Callable<Integer> {
  private static final ComponentName COMPONENT = ComponentName.of("notify");
  private static final double GOAL_RATIO = 1.5;
  private static final String FORMAT = "%H %ae %s";

  /** Every tenth commit is a merged pull request: a commit on a branch, then its merge. */
  private static final int MERGE_EVERY = 10;

  private static final String[][] PEOPLE = {
    {"Alice Martin", "alice@example.org"},
    {"Bob Tremblay", "bob@example.org"},
    {"Carol Singh", "carol@example.org"},
    {"Dan Roy", "dan@example.org"},
    {"Erin Côté", "erin@example.org"},
    {"Farid Haddad", "farid@example.org"},
    {"Grace Liu", "12345+grace@users.noreply.github.com"},
    {"dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"},
  };

  /**
   * Few files per folder keep the trees small: fast-import writes each changed folder's tree again
   * for every commit, and with hundreds of entries that, not the commits, took most of a minute.
   */
  private static final int FILES_PER_FOLDER = 16;

  private static final String[] FOLDERS = {"app", "app/api", "app/celery", "shared", "docs", "ci"};
  private static final String[] VERBS = {"Add", "Fix", "Bump", "Remove", "Refactor", "Document"};
  private static final String[] THINGS = {
    "the send endpoint", "letter rendering", "retry backoff", "the SMS provider client",
    "the status page", "template caching", "the bounce handler", "API key rotation",
  };

  @Option(
      names = "--commits",
      defaultValue = "50000",
      description = "Commits in the generated repository (default ${DEFAULT-VALUE})")
  int commits;

  @Option(
      names = "--range",
      defaultValue = "20000",
      description = "Commits in the measured range A..B (default ${DEFAULT-VALUE})")
  int range;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Untimed rounds of each before timing (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--rounds",
      defaultValue = "30",
      description = "Timed rounds of each, alternating (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--commit-graph",
      description = "Also measure both with a commit-graph file written by git commit-graph write")
  boolean commitGraph;

  @Option(
      names = "--output",
      defaultValue = "docs/benchmarks.md",
      description =
          "Markdown file the results are appended to; empty for none (default ${DEFAULT-VALUE})")
  String output;

  @Option(
      names = "--invoked-as",
      defaultValue = "java dev.slipway.bench.ChangeSetBenchmark",
      description = "The command line to quote in the report")
  String invokedAs;

  @Option(names = "--keep", description = "Keep the generated repository")
  boolean keep;

  private final PrintStream progress = System.err;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dev/slipway/bench/logback-bench.xml");
    }
    System.exit(new CommandLine(new ChangeSetBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (range >= commits || range < MERGE_EVERY) {
      throw new IllegalArgumentException("--range must be at least 10 and less than --commits");
    }
    Machine machine = Machine.describe();
    ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    Path work = Files.createTempDirectory("slipway-change-sets-");
    List<String> context = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    boolean met;
    try {
      Path repository = work.resolve("notify.git");
      long generating = System.nanoTime();
      Map<Integer, String> marks = generate(repository);
      Duration generated = Duration.ofNanos(System.nanoTime() - generating);
      // Commits are numbered from 1 in the order made, and each branch commit is merged by the
      // next one, so the commits made after number N are exactly N..head.
      String head = marks.get(commits);
      String base = marks.get(commits - range);
      progress.printf(
          Locale.ROOT, "generated %d commits in %s%n", commits, millis(nanos(generated)));
      context.add("Command: `" + invokedAs + "`");
      context.add(
          "Machine: "
              + machine.cores()
              + " cores ("
              + machine.cpu()
              + "), "
              + machine.memory()
              + ", "
              + machine.operatingSystem()
              + ", "
              + machine.jdk()
              + ", "
              + gitVersion());
      context.add("Load average (1, 5, 15 min) at the start: " + machine.load());
      context.add(
          "JVM flags of the measuring JVM (Slipway runs in it): `"
              + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
              + "`");
      context.add(
          String.format(
              Locale.ROOT,
              "Repository: %d commits made by `git fast-import` in %s (%d people, one in ten a"
                  + " merged pull request, squash subjects `... (#n)`, co-author trailers on one"
                  + " in five, three files changed per commit), one pack of %s; range `A..B` of %d"
                  + " commits from %s to the head %s.",
              commits,
              millis(nanos(generated)),
              PEOPLE.length,
              packSize(repository),
              range,
              base.substring(0, 7),
              head.substring(0, 7)));
      context.add(
          "Slipway: `ChangeSets.between` in this JVM, reading the repository as a local path"
              + " (as it reads a mirror once fetched), a new change set each call: every"
              + " commit's author, committer, co-authors, pull request and subject. git: `git log"
              + " A..B --format='"
              + FORMAT
              + "'` as a process, timed from its start to its exit, its output read and"
              + " discarded. Alternating, after "
              + warmup
              + " untimed rounds of each.");
      met = measure(repository, base, head, "", rows);
      if (commitGraph) {
        run(repository, "git", "commit-graph", "write", "--reachable");
        met &= measure(repository, base, head, ", with a commit-graph file", rows);
      }
      context.add("Load average (1, 5, 15 min) at the end: " + Machine.loadAverage());
    } finally {
      if (keep) {
        progress.println("kept " + work);
      } else {
        CoreLoopBenchmark.deleteRecursively(work);
      }
    }
    StringBuilder markdown = new StringBuilder();
    markdown
        .append("### Change sets, run of ")
        .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append("\n\n");
    context.forEach(line -> markdown.append("- ").append(line).append('\n'));
    markdown.append('\n');
    markdown.append("| Measure | Samples | p50 | p90 | max | Goal | Result |\n");
    markdown.append("|---|---:|---:|---:|---:|---|---|\n");
    rows.forEach(row -> markdown.append(row).append('\n'));
    System.out.println(markdown);
    if (!output.isBlank()) {
      CoreLoopBenchmark.append(Path.of(output), markdown.toString());
      progress.println("appended to " + output);
    }
    return met ? 0 : 3;
  }

  private boolean measure(
      Path repository, String base, String head, String variant, List<String> rows)
      throws IOException, InterruptedException {
    SlipwayConfig config =
        new SlipwayConfig(
            repository.resolveSibling("slipway.yaml"),
            Map.of(),
            Map.of(
                COMPONENT,
                new ComponentConfig(
                    COMPONENT, Optional.of(repository.toString()), Optional.empty())),
            Map.of());
    try (ComponentSources sources =
        new ComponentSources(
            config, repository.resolveSibling("data"), name -> Optional.<String>empty())) {
      ChangeSets changeSets = new ChangeSets(config, sources);
      Optional<CommitSha> running = Optional.of(CommitSha.of(base));
      CommitSha release = CommitSha.of(head);
      checkSameCommits(changeSets.between(COMPONENT, running, release), repository, base, head);
      for (int i = 0; i < warmup; i++) {
        changeSets.between(COMPONENT, running, release);
        gitLog(repository, base, head);
      }
      Samples slipway = new Samples("slipway");
      Samples git = new Samples("git");
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        ChangeSet changes = changeSets.between(COMPONENT, running, release);
        slipway.add(Duration.ofNanos(System.nanoTime() - start));
        if (changes.commits().size() != range) {
          throw new IllegalStateException("Slipway listed " + changes.commits().size());
        }
        git.add(gitLog(repository, base, head));
      }
      double ratio = nanos(slipway.p50()) / nanos(git.p50());
      double ratio90 = nanos(slipway.percentile(90)) / nanos(git.percentile(90));
      rows.add(row("Slipway change set of " + range + " commits" + variant, slipway, "", ""));
      rows.add(row("`git log A..B --format='" + FORMAT + "'`" + variant, git, "", ""));
      boolean met = ratio < GOAL_RATIO;
      rows.add(
          String.format(
              Locale.ROOT,
              "| Slipway / git%s | | %.2f | %.2f | | p50 ratio < %.1f | %s |",
              variant,
              ratio,
              ratio90,
              GOAL_RATIO,
              met ? "met" : "**missed**"));
      progress.printf(
          Locale.ROOT,
          "%s: slipway p50 %s p90 %s, git p50 %s p90 %s, ratio %.2f%n",
          variant.isEmpty() ? "plain" : variant,
          millis(nanos(slipway.p50())),
          millis(nanos(slipway.percentile(90))),
          millis(nanos(git.p50())),
          millis(nanos(git.percentile(90))),
          ratio);
      return met;
    }
  }

  private static String row(String measure, Samples samples, String goal, String result) {
    return "| "
        + measure
        + " | "
        + samples.count()
        + " | "
        + millis(nanos(samples.p50()))
        + " | "
        + millis(nanos(samples.percentile(90)))
        + " | "
        + millis(nanos(samples.max()))
        + " | "
        + goal
        + " | "
        + result
        + " |";
  }

  /** Slipway must list what git lists, in the same order, or the timings compare nothing. */
  private static void checkSameCommits(ChangeSet changes, Path repository, String base, String head)
      throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder(
                "git", "--git-dir=" + repository, "log", base + ".." + head, "--format=" + FORMAT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> expected;
    try (InputStream out = git.getInputStream()) {
      expected = List.of(new String(out.readAllBytes(), UTF_8).split("\n", -1));
    }
    if (git.waitFor() != 0) {
      throw new IllegalStateException("git log failed");
    }
    List<String> actual = new ArrayList<>();
    for (ChangeCommit commit : changes.commits()) {
      actual.add(commit.sha() + " " + commit.author().email() + " " + commit.subject());
    }
    actual.add("");
    if (!actual.equals(expected)) {
      for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
        if (!actual.get(i).equals(expected.get(i))) {
          throw new IllegalStateException(
              "Slipway and git differ at commit "
                  + i
                  + ":\n  slipway: "
                  + actual.get(i)
                  + "\n  git:     "
                  + expected.get(i));
        }
      }
      throw new IllegalStateException(
          "Slipway listed " + actual.size() + " lines, git " + expected.size());
    }
  }

  private static Duration gitLog(Path repository, String base, String head)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process git =
        new ProcessBuilder(
                "git", "--git-dir=" + repository, "log", base + ".." + head, "--format=" + FORMAT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (InputStream out = git.getInputStream()) {
      out.transferTo(OutputStream.nullOutputStream());
    }
    if (!git.waitFor(1, TimeUnit.MINUTES) || git.exitValue() != 0) {
      throw new IllegalStateException("git log did not end well");
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Writes a fast-import stream: commit {@code n} has mark {@code :n}; every tenth pair is a commit
   * on a pull-request branch from the main line and its merge into main.
   *
   * @return the commit id of each mark
   */
  private Map<Integer, String> generate(Path repository) throws IOException, InterruptedException {
    run(
        repository.getParent(),
        "git",
        "init",
        "--quiet",
        "--bare",
        "--initial-branch=main",
        repository.toString());
    Path marks = repository.resolveSibling("marks");
    Process importer =
        new ProcessBuilder(
                "git",
                "--git-dir=" + repository,
                "fast-import",
                "--quiet",
                "--export-marks=" + marks)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Random random = new Random(20261122L);
    long time = ZonedDateTime.of(2020, 1, 6, 9, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
    int pullRequest = 100;
    try (OutputStream stdin = new BufferedOutputStream(importer.getOutputStream(), 1 << 16)) {
      for (int mark = 1; mark <= commits; mark++) {
        time += 60 + random.nextInt(600);
        boolean branchCommit = mark % MERGE_EVERY == MERGE_EVERY - 2 && mark < commits;
        boolean merge = mark % MERGE_EVERY == MERGE_EVERY - 1 && mark > 1;
        String[] author = PEOPLE[random.nextInt(PEOPLE.length)];
        StringBuilder message = new StringBuilder();
        String subject =
            VERBS[random.nextInt(VERBS.length)] + " " + THINGS[random.nextInt(THINGS.length)];
        String[] committer = author;
        if (merge) {
          message
              .append("Merge pull request #")
              .append(pullRequest++)
              .append(" from cds-snc/")
              .append(subject.toLowerCase(Locale.ROOT).replace(' ', '-'))
              .append("\n\n")
              .append(subject)
              .append('\n');
          committer = new String[] {"GitHub", "noreply@github.com"};
        } else if (!branchCommit && random.nextInt(2) == 0) {
          message.append(subject).append(" (#").append(pullRequest++).append(")\n");
          committer = new String[] {"GitHub", "noreply@github.com"};
        } else {
          message.append(subject).append('\n');
        }
        if (random.nextInt(5) == 0) {
          message.append("\n* ").append(subject).append("\n* Tests\n\n");
          int coAuthors = 1 + random.nextInt(2);
          for (int i = 0; i < coAuthors; i++) {
            String[] coAuthor = PEOPLE[random.nextInt(PEOPLE.length)];
            message
                .append("Co-authored-by: ")
                .append(coAuthor[0])
                .append(" <")
                .append(coAuthor[1])
                .append(">\n");
          }
        }
        StringBuilder command = new StringBuilder();
        command
            .append("commit refs/heads/")
            .append(branchCommit ? "pull-request" : "main")
            .append("\nmark :")
            .append(mark)
            .append('\n');
        command.append(ident("author", author, time)).append(ident("committer", committer, time));
        byte[] text = message.toString().getBytes(UTF_8);
        command.append("data ").append(text.length).append('\n');
        stdin.write(command.toString().getBytes(UTF_8));
        stdin.write(text);
        command.setLength(0);
        if (branchCommit) {
          command.append("from :").append(mark - 1).append('\n');
        } else if (merge && mark - 1 >= 1 && (mark - 1) % MERGE_EVERY == MERGE_EVERY - 2) {
          command.append("merge :").append(mark - 1).append('\n');
        }
        for (int i = 0; i < 3; i++) {
          String folder = FOLDERS[random.nextInt(FOLDERS.length)];
          String content = subject + " " + mark + " " + i + "\n";
          byte[] bytes = content.getBytes(UTF_8);
          command
              .append("M 100644 inline ")
              .append(folder)
              .append("/file-")
              .append(random.nextInt(FILES_PER_FOLDER))
              .append(".txt\ndata ")
              .append(bytes.length)
              .append('\n')
              .append(content);
        }
        command.append('\n');
        stdin.write(command.toString().getBytes(UTF_8));
      }
    }
    if (importer.waitFor() != 0) {
      throw new IllegalStateException("git fast-import failed");
    }
    Map<Integer, String> ids = new HashMap<>();
    for (String line : Files.readAllLines(marks, UTF_8)) {
      String[] parts = line.split(" ", -1);
      ids.put(Integer.parseInt(parts[0].substring(1)), parts[1]);
    }
    return ids;
  }

  private static String ident(String role, String[] person, long time) {
    return role + " " + person[0] + " <" + person[1] + "> " + time + " +0000\n";
  }

  private static void run(Path directory, String... command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static String gitVersion() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("git", "--version").start();
    String version;
    try (InputStream out = process.getInputStream()) {
      version = new String(out.readAllBytes(), UTF_8).strip();
    }
    process.waitFor();
    return version;
  }

  private static String packSize(Path repository) throws IOException {
    long bytes;
    try (var files = Files.walk(repository.resolve("objects/pack"))) {
      bytes = files.filter(Files::isRegularFile).mapToLong(ChangeSetBenchmark::size).sum();
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static double nanos(Duration duration) {
    return duration.toNanos();
  }

  private static String millis(double nanos) {
    return Report.format(nanos / 1_000_000.0) + " ms";
  }
}
