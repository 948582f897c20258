package dev.slipway.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one command to its end: passes each output line on as it is written (standard output and
 * standard error together, in the order written), keeps the last lines for the result, and kills
 * the program and every process it started when the timeout passes.
 */
public final class CommandRun {
  /** How many output lines one run passes on before it only counts them. */
  public static final int MAX_LINES = 1_000;

  /** How many of the last output lines a result keeps. */
  public static final int TAIL_LINES = 10;

  /** How long a passed-on line may be; longer ones are cut. */
  static final int MAX_LINE_LENGTH = 2_000;

  /**
   * How long to wait for the output to end once the program exited: a background process it started
   * may hold the output open for longer, and its lines are then not collected.
   */
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

  /** How long a killed process is given to be gone. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final CommandSettings settings;
  private final int maxLines;

  public CommandRun(CommandSettings settings) {
    this(settings, MAX_LINES);
  }

  CommandRun(CommandSettings settings, int maxLines) {
    this.settings = requireNonNull(settings, "settings is null");
    this.maxLines = maxLines;
  }

  /**
   * Runs the command with the server's environment, the configured variables and the given ones.
   *
   * @param variables Slipway's own variables ({@code SLIPWAY_COMMIT}...); they win over the
   *     server's environment
   * @param output receives each output line as it is written, up to the per-run limit, on a thread
   *     of this run
   */
  public CommandResult run(Map<String, String> variables, Consumer<String> output) {
    requireNonNull(variables, "variables is null");
    requireNonNull(output, "output is null");
    ProcessBuilder builder = new ProcessBuilder(settings.command()).redirectErrorStream(true);
    settings.workingDirectory().ifPresent(directory -> builder.directory(directory.toFile()));
    Map<String, String> environment = builder.environment();
    environment.putAll(settings.environment());
    environment.putAll(new LinkedHashMap<>(variables));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new CommandResult(
          CommandResult.Ending.NOT_STARTED,
          -1,
          List.of(),
          0,
          0,
          Duration.ZERO,
          Optional.of(String.valueOf(e.getMessage())));
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The program's input is closed so that it never waits for one; it may have closed it first.
    }
    Lines lines = new Lines(output, maxLines);
    Thread reader =
        new Thread(() -> lines.readAll(process), "slipway-command-" + process.pid() + "-output");
    reader.setDaemon(true);
    reader.start();
    boolean exited;
    try {
      exited = process.waitFor(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
      if (!exited) {
        killTree(process);
      }
      reader.join(OUTPUT_GRACE.toMillis());
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw SlipwayException.internal(
          "interrupted while running " + settings.describe() + "; it was killed", e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    return lines.result(
        exited ? CommandResult.Ending.EXITED : CommandResult.Ending.TIMED_OUT,
        exited ? process.exitValue() : -1,
        took);
  }

  /** Kills the processes the program started (deepest first), then the program itself. */
  private static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    for (int i = descendants.size() - 1; i >= 0; i--) {
      descendants.get(i).destroyForcibly();
    }
    try {
      process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      for (ProcessHandle descendant : descendants) {
        descendant.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // A process that outlives a forcible kill is beyond what Slipway can do; the run still ends.
    }
  }

  /** The output lines of one run, read on their own thread. */
  private static final class Lines {
    private final Consumer<String> output;
    private final int maxLines;
    private final Deque<String> tail = new ArrayDeque<>();
    private int count;
    private int dropped;

    Lines(Consumer<String> output, int maxLines) {
      this.output = output;
      this.maxLines = maxLines;
    }

    void readAll(Process process) {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          accept(line);
        }
      } catch (IOException | UncheckedIOException e) {
        // The stream closes under the reader when the program is killed; what was read is kept.
      }
    }

    private void accept(String line) {
      String shown =
          line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + "..." : line;
      boolean passOn;
      synchronized (this) {
        count++;
        tail.addLast(shown);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
        passOn = count <= maxLines;
        if (!passOn) {
          dropped++;
        }
      }
      if (passOn) {
        try {
          output.accept(shown);
        } catch (RuntimeException e) {
          // Where the lines go failed (the database): keep reading, or a full pipe stalls the
          // program; the result still has the last lines.
          synchronized (this) {
            dropped++;
          }
        }
      }
    }

    synchronized CommandResult result(CommandResult.Ending ending, int exitCode, Duration took) {
      return new CommandResult(
          ending, exitCode, List.copyOf(tail), count, dropped, took, Optional.empty());
    }
  }
}
