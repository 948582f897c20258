package dev.slipway.check.prometheus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.build.CommitSha;
import dev.slipway.check.Check;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.config.Durations;
import dev.slipway.config.Secrets;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a PromQL instant query ({@code GET /api/v1/query}) and compares every series it returns with
 * the threshold. During the rollout an empty answer means the new version has no samples yet
 * ({@link dev.slipway.check.CheckOutcome#PENDING}); during the bake it fails, because a check that
 * sees nothing cannot say the version is healthy.
 */
public final class PrometheusCheck implements Check {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_BODY = 200;

  private final PrometheusCheckSettings settings;
  private final Secrets secrets;
  private HttpClient client;

  public PrometheusCheck(PrometheusCheckSettings settings, Secrets secrets) {
    this.settings = requireNonNull(settings, "settings is null");
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  public PrometheusCheckSettings settings() {
    return settings;
  }

  @Override
  public String description() {
    return "prometheus "
        + settings.query()
        + " "
        + settings.comparison().symbol()
        + " "
        + number(settings.threshold());
  }

  @Override
  public Duration interval() {
    return settings.interval();
  }

  @Override
  public int failureThreshold() {
    return settings.failureThreshold();
  }

  @Override
  public CheckResult run(CheckRequest request) {
    requireNonNull(request, "request is null");
    Optional<String> query = query(request.expectedVersion());
    if (query.isEmpty()) {
      return CheckResult.failed(
          "the query names {commit} or {shortCommit}, but no expected version is known");
    }
    Optional<String> token;
    try {
      token = token();
    } catch (SlipwayException e) {
      return CheckResult.failed(e.getMessage());
    }
    Answer answer = ask(query.get(), token);
    if (answer.problem().isPresent()) {
      return CheckResult.failed(answer.problem().get());
    }
    return judge(answer.body(), answer.status(), request.stage());
  }

  /** The query with its placeholders filled in; empty when one is used and no version is known. */
  private Optional<String> query(Optional<String> expected) {
    String query = settings.query();
    boolean placeholders = query.contains("{commit}") || query.contains("{shortCommit}");
    if (!placeholders) {
      return Optional.of(query);
    }
    if (expected.isEmpty()) {
      return Optional.empty();
    }
    String commit = expected.get();
    String shortCommit =
        commit.length() > CommitSha.SHORT_LENGTH
            ? commit.substring(0, CommitSha.SHORT_LENGTH)
            : commit;
    return Optional.of(query.replace("{commit}", commit).replace("{shortCommit}", shortCommit));
  }

  /** The bearer token, read at each run so a rotated token file is picked up. */
  private Optional<String> token() {
    if (settings.bearerTokenEnv().isPresent()) {
      String name = settings.bearerTokenEnv().get();
      return Optional.of(
          secrets
              .environmentVariable(name)
              .orElseThrow(
                  () ->
                      SlipwayException.invalid(
                          "bearerTokenEnv",
                          "the bearer token variable %s, named by bearerTokenEnv, is not set",
                          name)));
    }
    if (settings.bearerTokenFile().isPresent()) {
      try {
        String token = Files.readString(settings.bearerTokenFile().get(), UTF_8).strip();
        if (token.isEmpty()) {
          throw SlipwayException.invalid(
              "bearerTokenFile",
              "the bearer token file %s is empty",
              settings.bearerTokenFile().get());
        }
        return Optional.of(token);
      } catch (IOException e) {
        throw SlipwayException.invalid(
            "bearerTokenFile",
            "the bearer token file %s cannot be read: %s",
            settings.bearerTokenFile().get(),
            e.getMessage());
      }
    }
    return Optional.empty();
  }

  private Answer ask(String query, Optional<String> token) {
    URI uri = URI.create(settings.queryEndpoint() + "?query=" + URLEncoder.encode(query, UTF_8));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(settings.timeout())
            .header("Accept", "application/json");
    token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
    CompletableFuture<HttpResponse<String>> answer =
        client().sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    Duration longest = settings.timeout().multipliedBy(2);
    try {
      HttpResponse<String> response = answer.get(longest.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(Optional.empty(), response.statusCode(), response.body());
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Answer.problem(
          "Prometheus gave no complete answer within " + Durations.format(longest));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw SlipwayException.internal("interrupted while running check " + description(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Answer.problem(
          "Prometheus at "
              + settings.url()
              + " is unreachable: "
              + Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName()));
    }
  }

  /** Reads the documented answer: {@code status}, {@code data.resultType}, {@code data.result}. */
  private CheckResult judge(String body, int status, CheckStage stage) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return CheckResult.failed(
          "Prometheus answered " + status + " without a JSON body: " + shorten(body));
    }
    if (!"success".equals(root.path("status").asText()) || status < 200 || status > 299) {
      return CheckResult.failed(
          "Prometheus answered "
              + status
              + " "
              + root.path("errorType").asText("error")
              + ": "
              + root.path("error").asText("no reason given"));
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    List<Series> series = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (JsonNode sample : data.path("result")) {
          Map<String, String> labels = new TreeMap<>();
          sample
              .path("metric")
              .properties()
              .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
          series.add(new Series(labels, sample.path("value").path(1).asText()));
        }
      }
      case "scalar" -> series.add(new Series(Map.of(), data.path("result").path(1).asText()));
      default -> {
        return CheckResult.failed(
            "the query returned a "
                + (type.isEmpty() ? "result without a type" : type)
                + "; write an instant query that returns a vector or a scalar");
      }
    }
    if (series.isEmpty()) {
      String detail = "query returned no series";
      return stage == CheckStage.ROLLOUT
          ? CheckResult.pending(detail + " yet")
          : CheckResult.failed(detail);
    }
    return compare(series);
  }

  private CheckResult compare(List<Series> series) {
    Comparison comparison = settings.comparison();
    double threshold = settings.threshold();
    Series worst = null;
    double worstBadness = Double.NEGATIVE_INFINITY;
    int failing = 0;
    for (Series one : series) {
      Optional<Double> value = one.number();
      double number = value.orElse(Double.NaN);
      if (value.isEmpty() || !comparison.holds(number, threshold)) {
        failing++;
      }
      double badness = comparison.badness(number, threshold);
      if (worst == null || badness > worstBadness) {
        worst = one;
        worstBadness = badness;
      }
    }
    String wanted = comparison.symbol() + " " + number(threshold);
    requireNonNull(worst, "worst is null");
    if (failing > 0) {
      return CheckResult.failed(
          worst.describe()
              + " is "
              + worst.value()
              + ", not "
              + wanted
              + (series.size() > 1 ? " (" + failing + " of " + series.size() + " series)" : ""));
    }
    return CheckResult.passed(
        series.size() == 1
            ? worst.describe() + " is " + worst.value() + ", " + wanted
            : "all "
                + series.size()
                + " series "
                + wanted
                + "; the closest, "
                + worst.describe()
                + ", is "
                + worst.value());
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String shorten(String body) {
    String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return line.length() > SHOWN_BODY ? line.substring(0, SHOWN_BODY) + "..." : line;
  }

  /**
   * Made on the first run rather than at creation: validating a configuration creates every check,
   * and an HTTP client starts a selector thread.
   */
  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(settings.timeout())
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return client;
  }

  /** One series of an answer: its labels and its value as Prometheus wrote it. */
  private record Series(Map<String, String> labels, String value) {
    /** The value as a number; Prometheus writes {@code NaN}, {@code +Inf} and {@code -Inf}. */
    Optional<Double> number() {
      return switch (value) {
        case "NaN" -> Optional.of(Double.NaN);
        case "+Inf", "Inf" -> Optional.of(Double.POSITIVE_INFINITY);
        case "-Inf" -> Optional.of(Double.NEGATIVE_INFINITY);
        default -> {
          try {
            yield Optional.of(Double.parseDouble(value));
          } catch (NumberFormatException e) {
            yield Optional.empty();
          }
        }
      };
    }

    /** {@code {instance="api-1", job="api"}}, or {@code the result} for a scalar or no labels. */
    String describe() {
      if (labels.isEmpty()) {
        return "the result";
      }
      return labels.entrySet().stream()
          .map(entry -> entry.getKey() + "=\"" + entry.getValue() + "\"")
          .collect(Collectors.joining(", ", "{", "}"));
    }
  }

  /** What one request brought back, or why it brought nothing. */
  private record Answer(Optional<String> problem, int status, String body) {
    static Answer problem(String problem) {
      return new Answer(Optional.of(problem), 0, "");
    }
  }
}
