package dev.slipway.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunTest {
  @TempDir Path directory;

  @Test
  void passesItsVariablesAndTheConfiguredOnesToTheProgram() {
    CommandSettings settings =
        new CommandSettings(
            List.of("sh", "-c", "echo \"$SLIPWAY_COMMIT $REGION $(pwd)\""),
            Optional.of(directory),
            Map.of("REGION", "ca-central-1"),
            Duration.ofSeconds(30));
    List<String> lines = new CopyOnWriteArrayList<>();

    CommandResult result =
        new CommandRun(settings).run(Map.of("SLIPWAY_COMMIT", "f3d0498"), lines::add);

    assertThat(result.succeeded()).isTrue();
    assertThat(lines).containsExactly("f3d0498 ca-central-1 " + realDirectory());
  }

  @Test
  void reportsANonZeroExitWithItsLastLinesFromBothStreams() {
    CommandResult result =
        run("for i in $(seq 1 15); do echo line $i; done; echo broken >&2; exit 3", 30);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.ending()).isEqualTo(CommandResult.Ending.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.lines()).isEqualTo(16);
    assertThat(result.tail()).hasSize(CommandRun.TAIL_LINES).endsWith("line 15", "broken");
    assertThat(result.describe(Duration.ofSeconds(30)))
        .startsWith("exited with 3; last lines: line 7 | line 8")
        .endsWith("line 15 | broken");
  }

  @Test
  void killsTheProgramAndWhatItStartedAtTheTimeout() throws Exception {
    Path pid = directory.resolve("grandchild.pid");
    String script = "sh -c 'sleep 60 & echo $! > " + pid + "; wait' & echo started; wait";

    CommandResult result = run(script, 1);

    assertThat(result.ending()).isEqualTo(CommandResult.Ending.TIMED_OUT);
    assertThat(result.tail()).containsExactly("started");
    assertThat(result.describe(Duration.ofSeconds(1)))
        .startsWith("did not finish within 1s and was killed");
    long sleeper = Long.parseLong(Files.readString(pid).strip());
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
        .as("the sleep 60 grandchild is killed too")
        .isFalse();
  }

  @Test
  void streamsEachLineWhileTheProgramStillRuns() throws IOException {
    Path marker = directory.resolve("seen-first-line");
    String script =
        "echo first; i=0; while [ ! -e "
            + marker
            + " ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done;"
            + " if [ -e "
            + marker
            + " ]; then echo second; else echo never-streamed; fi";
    List<String> lines = new CopyOnWriteArrayList<>();

    CommandResult result =
        new CommandRun(settings(script, 30))
            .run(
                Map.of(),
                line -> {
                  lines.add(line);
                  if (line.equals("first")) {
                    touch(marker);
                  }
                });

    assertThat(result.succeeded()).isTrue();
    assertThat(lines).containsExactly("first", "second");
  }

  @Test
  void passesOnOnlyTheFirstLinesAndCountsTheRest() {
    List<String> lines = new CopyOnWriteArrayList<>();

    CommandResult result =
        new CommandRun(settings("for i in $(seq 1 12); do echo $i; done", 30), 5)
            .run(Map.of(), lines::add);

    assertThat(lines).containsExactly("1", "2", "3", "4", "5");
    assertThat(result.dropped()).isEqualTo(7);
    assertThat(result.lines()).isEqualTo(12);
    assertThat(result.tail()).endsWith("12");
  }

  @Test
  void saysWhyAProgramCouldNotStart() {
    CommandSettings settings =
        new CommandSettings(
            List.of(directory.resolve("no-such-program").toString()),
            Optional.empty(),
            Map.of(),
            Duration.ofSeconds(5));

    CommandResult result = new CommandRun(settings).run(Map.of(), line -> {});

    assertThat(result.ending()).isEqualTo(CommandResult.Ending.NOT_STARTED);
    assertThat(result.describe(Duration.ofSeconds(5)))
        .startsWith("could not be started: ")
        .contains("no-such-program");
  }

  private String realDirectory() {
    try {
      return directory.toRealPath().toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private CommandResult run(String script, int timeoutSeconds) {
    return new CommandRun(settings(script, timeoutSeconds)).run(Map.of(), line -> {});
  }

  private static CommandSettings settings(String script, int timeoutSeconds) {
    return new CommandSettings(
        List.of("sh", "-c", script),
        Optional.empty(),
        Map.of(),
        Duration.ofSeconds(timeoutSeconds));
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, "seen");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
