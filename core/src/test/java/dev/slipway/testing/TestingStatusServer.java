package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on a loopback port standing in for a service's {@code /_status} endpoint; a
 * test says how it answers from now on. It starts out answering 503, as a service that is starting.
 */
public final class TestingStatusServer implements AutoCloseable {
  @FunctionalInterface
  private interface Behaviour {
    void serve(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<CountDownLatch> holdNext = new AtomicReference<>();
  private volatile Behaviour behaviour;

  private TestingStatusServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a loopback port for a status server", e);
    }
    // A thread per request, so a stalled answer does not hold up the next request.
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "testing-status-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    answer(503, "{\"status\": \"starting\"}");
  }

  public static TestingStatusServer start() {
    TestingStatusServer result = new TestingStatusServer();
    result.server.start();
    return result;
  }

  /** {@code http://127.0.0.1:<port>/_status}; every path answers the same. */
  public URI url() {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort()
            + "/_status");
  }

  /** How many requests arrived so far. */
  public int requests() {
    return requests.get();
  }

  /** Answers 200 with {@code {"commit_sha": <version>, "status": "ok"}}, as the seed's apps do. */
  public void reportVersion(String version) {
    answer(200, "{\"commit_sha\": \"" + version + "\", \"status\": \"ok\"}");
  }

  /** Answers with this status and body, sent as JSON. */
  public void answer(int status, String body) {
    answer(status, "application/json", body);
  }

  public void answer(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(UTF_8);
    behaviour =
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", contentType);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        };
  }

  /** Takes requests and never answers them, until the server is closed. */
  public void neverAnswer() {
    behaviour = exchange -> closing.await();
  }

  /** Sends 200 and the start of a body, and never finishes it, until the server is closed. */
  public void neverFinishTheBody() {
    behaviour =
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("{\"commit_sha\": ".getBytes(UTF_8));
          out.flush();
          closing.await();
        };
  }

  /**
   * Holds the next request until {@code release} is counted down (or the server closes), then
   * answers it as the server answers at that moment; later requests are answered at once. Lets a
   * test finish a check after something else has happened.
   */
  public void holdNextRequest(CountDownLatch release) {
    holdNext.set(release);
  }

  /** Closes each connection without sending anything. */
  public void hangUp() {
    behaviour = HttpExchange::close;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      CountDownLatch hold = holdNext.getAndSet(null);
      requests.incrementAndGet();
      if (hold != null) {
        awaitRelease(hold);
      }
      behaviour.serve(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitRelease(CountDownLatch hold) throws InterruptedException {
    while (closing.getCount() > 0) {
      if (hold.await(10, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
