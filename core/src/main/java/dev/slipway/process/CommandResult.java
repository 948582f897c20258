package dev.slipway.process;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a command ended.
 *
 * @param ending whether it exited, was killed at its timeout, or never started
 * @param exitCode its exit code when it exited; -1 otherwise
 * @param tail its last output lines, at most {@link CommandRun#TAIL_LINES}
 * @param lines how many output lines it wrote in all
 * @param dropped how many of them were not passed on because of the per-run limit
 * @param took how long it ran
 * @param startProblem why it did not start, when it did not
 */
public record CommandResult(
    Ending ending,
    int exitCode,
    List<String> tail,
    int lines,
    int dropped,
    Duration took,
    Optional<String> startProblem) {
  /** How a command run ended. */
  public enum Ending {
    /** The program exited on its own; its exit code says how it went. */
    EXITED,
    /** It ran past its timeout and was killed with everything it started. */
    TIMED_OUT,
    /** The program could not be started (not found, not executable, no such directory). */
    NOT_STARTED
  }

  public CommandResult {
    requireNonNull(ending, "ending is null");
    tail = List.copyOf(requireNonNull(tail, "tail is null"));
    requireNonNull(took, "took is null");
    requireNonNull(startProblem, "startProblem is null");
  }

  /** Exited with code 0. */
  public boolean succeeded() {
    return ending == Ending.EXITED && exitCode == 0;
  }

  /**
   * Why it did not succeed, in words, with its last lines: {@code exited with 3; last lines: ...}.
   * For a successful run: {@code exited with 0}.
   */
  public String describe(Duration timeout) {
    String how =
        switch (ending) {
          case EXITED -> "exited with " + exitCode;
          case TIMED_OUT ->
              "did not finish within " + Durations.format(timeout) + " and was killed";
          case NOT_STARTED -> "could not be started: " + startProblem.orElse("unknown reason");
        };
    return tail.isEmpty() ? how : how + "; last lines: " + String.join(" | ", tail);
  }
}
