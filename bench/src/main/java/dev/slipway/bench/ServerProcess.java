package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code java <flags> -jar slipway.jar server} as a process, the way an operator runs it, on a port
 * chosen beforehand so that the benchmark can ask for {@code /api/v1/health} from the moment the
 * process exists.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration HEALTH_POLL = Duration.ofMillis(5);

  private final Process process;
  private final URI url;
  private final Duration firstAnswer;

  private ServerProcess(Process process, URI url, Duration firstAnswer) {
    this.process = process;
    this.url = url;
    this.firstAnswer = firstAnswer;
  }

  /**
   * Starts the server and returns once {@code /api/v1/health} answered 200.
   *
   * @param jar the shaded {@code slipway.jar}
   * @param jvmFlags the JVM flags the server runs with
   * @param config its {@code slipway.yaml}
   * @param dataDirectory its data directory
   * @param log where its standard output and error go
   */
  static ServerProcess start(
      Path jar, List<String> jvmFlags, Path config, Path dataDirectory, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "server",
            "--config",
            config.toString(),
            "--data-dir",
            dataDirectory.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port)));
    URI url = URI.create("http://127.0.0.1:" + port + "/");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long startedAt = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      awaitHealth(process, url, log);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    Duration firstAnswer = Duration.ofNanos(System.nanoTime() - startedAt);
    return new ServerProcess(process, url, firstAnswer);
  }

  private static void awaitHealth(Process process, URI url, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health =
        HttpRequest.newBuilder(url.resolve("api/v1/health")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with status "
                + process.exitValue()
                + " before answering\n"
                + tail(log));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // Not listening yet.
      } catch (IOException e) {
        // Listening but not answering yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      LockSupport.parkNanos(HEALTH_POLL.toNanos());
    }
    throw new IllegalStateException("the server did not answer within 2 minutes\n" + tail(log));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  URI url() {
    return url;
  }

  /** From starting the process to the first 200 of {@code /api/v1/health}. */
  Duration firstAnswer() {
    return firstAnswer;
  }

  /** Resident and peak resident memory, from {@code /proc/<pid>/status}, in kibibytes. */
  Memory memory() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      List<String> lines = Files.readAllLines(status, UTF_8);
      return new Memory(kibibytes(lines, "VmRSS:"), kibibytes(lines, "VmHWM:"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + status + " (memory is read on Linux only)", e);
    }
  }

  /** Resident memory now and at its peak. */
  record Memory(long residentKib, long peakResidentKib) {}

  private static long kibibytes(List<String> lines, String field) {
    Optional<String> line = lines.stream().filter(l -> l.startsWith(field)).findFirst();
    String value =
        line.orElseThrow(() -> new IllegalStateException(field + " is not in /proc/<pid>/status"))
            .substring(field.length())
            .strip();
    if (!value.endsWith(" kB")) {
      throw new IllegalStateException("unexpected " + field + " " + value);
    }
    return Long.parseLong(value.substring(0, value.length() - 3).strip());
  }

  /** Stops the server as an operator would (SIGTERM) and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
