package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port standing in for Prometheus: it answers {@code GET
 * /api/v1/query} in the documented format ({@code status}, {@code data.resultType}, {@code
 * data.result} with {@code value: [<time>, "<number>"]}), and a test says what from now on. It
 * starts out answering an empty vector, as Prometheus does for a metric nobody has written yet.
 */
public final class TestingPrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SAMPLE_TIME = 1772460000.0;

  /** One series of a vector answer. */
  public record Series(Map<String, String> labels, String value) {
    public Series {
      labels = Map.copyOf(labels);
    }

    public static Series of(Map<String, String> labels, double value) {
      return new Series(labels, format(value));
    }
  }

  /** A query that arrived: its PromQL and its Authorization header, if any. */
  public record Query(String query, Optional<String> authorization) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Query> queries = new CopyOnWriteArrayList<>();
  private final Map<String, String> bodiesByQuery = new ConcurrentHashMap<>();
  private volatile int status;
  private volatile String body;

  private TestingPrometheusServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a loopback port for Prometheus", e);
    }
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "testing-prometheus");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    answerVector(List.of());
  }

  public static TestingPrometheusServer start() {
    TestingPrometheusServer result = new TestingPrometheusServer();
    result.server.start();
    return result;
  }

  /** {@code http://127.0.0.1:<port>}: the base URL a check is configured with. */
  public URI url() {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort());
  }

  /** The queries received so far, oldest first. */
  public List<Query> queries() {
    return List.copyOf(queries);
  }

  /** Answers a vector with one series per entry. */
  public void answerVector(List<Series> series) {
    success(vector(series));
  }

  private static ObjectNode vector(List<Series> series) {
    ObjectNode data = JSON.createObjectNode().put("resultType", "vector");
    ArrayNode result = data.putArray("result");
    for (Series one : series) {
      ObjectNode sample = result.addObject();
      ObjectNode metric = sample.putObject("metric");
      one.labels().forEach(metric::put);
      sample.putArray("value").add(SAMPLE_TIME).add(one.value());
    }
    return data;
  }

  /**
   * Answers one exact query with a vector of these series from now on, whatever the other queries
   * are answered: for a query that names a version, so each version can have its own health.
   */
  public void answerQuery(String query, List<Series> series) {
    bodiesByQuery.put(query, successBody(vector(series)));
  }

  /** Answers a vector with one series of the given labels and value. */
  public void answerValue(Map<String, String> labels, double value) {
    answerVector(List.of(Series.of(labels, value)));
  }

  public void answerScalar(double value) {
    ObjectNode data = JSON.createObjectNode().put("resultType", "scalar");
    data.putArray("result").add(SAMPLE_TIME).add(format(value));
    success(data);
  }

  /** Answers a range-query shaped matrix, which an instant query of a range selector returns. */
  public void answerMatrix() {
    ObjectNode data = JSON.createObjectNode().put("resultType", "matrix");
    ObjectNode series = data.putArray("result").addObject();
    series.putObject("metric").put("job", "api");
    series.putArray("values").addArray().add(SAMPLE_TIME).add("1");
    success(data);
  }

  /**
   * Answers as Prometheus does for a query it refuses: an HTTP error status with {@code status:
   * error}, {@code errorType} and {@code error}.
   */
  public void answerError(int httpStatus, String errorType, String error) {
    ObjectNode root =
        JSON.createObjectNode()
            .put("status", "error")
            .put("errorType", errorType)
            .put("error", error);
    answer(httpStatus, root.toString());
  }

  public void answer(int httpStatus, String text) {
    this.body = text;
    this.status = httpStatus;
  }

  private void success(ObjectNode data) {
    answer(200, successBody(data));
  }

  private static String successBody(ObjectNode data) {
    ObjectNode root = JSON.createObjectNode().put("status", "success");
    root.set("data", data);
    return root.toString();
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      if (!exchange.getRequestURI().getPath().equals("/api/v1/query")
          || !exchange.getRequestMethod().equals("GET")) {
        send(exchange, 404, "404 page not found", "text/plain");
        return;
      }
      String query = parameter(exchange.getRequestURI().getRawQuery(), "query").orElse("");
      queries.add(
          new Query(
              query, Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))));
      String own = bodiesByQuery.get(query);
      if (own != null) {
        send(exchange, 200, own, "application/json");
      } else {
        send(exchange, status, body, "application/json");
      }
    }
  }

  private static Optional<String> parameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (String pair : rawQuery.split("&", -1)) {
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), UTF_8);
      if (key.equals(name)) {
        values.add(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), UTF_8));
      }
    }
    return values.stream().findFirst();
  }

  private static void send(HttpExchange exchange, int status, String text, String contentType)
      throws IOException {
    byte[] bytes = text.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
