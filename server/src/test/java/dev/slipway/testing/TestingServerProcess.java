package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code slipway server} running as a process of its own, started from the test JVM's class path:
 * what a test needs to kill a server the way an operating system does ({@link #kill()} sends
 * SIGKILL on Linux) and start another on the same data directory. The process's log goes to a file
 * the test names, and is quoted when the server does not come up.
 */
public final class TestingServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Slipway listening on (http://\\S+) ");
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final URI url;
  private final String token;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestingServerProcess(Process process, URI url, String token, Path log) {
    this.process = process;
    this.url = url;
    this.token = token;
    this.log = log;
  }

  /**
   * Starts a server on a free loopback port and waits until it says where it listens.
   *
   * @param config the {@code slipway.yaml}
   * @param dataDirectory the data directory, with the embedded H2 database in it
   * @param token the bearer token requests are sent with
   * @param log the file the server's log is appended to
   * @param environment variables added to the server's environment (secrets named by the config)
   */
  public static TestingServerProcess start(
      Path config, Path dataDirectory, String token, Path log, Map<String, String> environment) {
    requireNonNull(token, "token is null");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A small heap and only the quick compiler: tests start many servers and want them up fast.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.slipway.cli.SlipwayCommand");
    command.addAll(
        List.of(
            "server",
            "--config",
            config.toString(),
            "--data-dir",
            dataDirectory.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            "0"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> readOutput(process, listening), "server-process-output");
    reader.setDaemon(true);
    reader.start();
    try {
      URI url = listening.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
      return new TestingServerProcess(process, url, token, log);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("the server did not start: " + e.getMessage() + "\n" + tail(log));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Completes with the server's URL once it says it listens; fails if the output ends first. */
  private static void readOutput(Process process, CompletableFuture<URI> listening) {
    try (BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          listening.complete(URI.create(matcher.group(1) + "/"));
        }
      }
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
    listening.completeExceptionally(
        new IllegalStateException("the server process ended before it listened"));
  }

  public URI url() {
    return url;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Ends the process at once with SIGKILL: no shutdown hook, no closing of anything.
   *
   * @return the exit status, 137 (128 + 9) for a process SIGKILL ended
   */
  public int kill() {
    process.destroyForcibly();
    if (!awaitExit(Duration.ofSeconds(30))) {
      throw new IllegalStateException("process " + process.pid() + " outlived SIGKILL");
    }
    return process.exitValue();
  }

  /** Asks the process to stop (SIGTERM, which runs the shutdown hook) and waits for it. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(30))) {
      int unused = kill();
    }
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The end of the server's log, for failure messages. */
  public String logTail() {
    return tail(log);
  }

  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(url.resolve(path)).GET());
  }

  public JsonNode post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(url.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request =
        builder.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new AssertionError(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
