package dev.slipway.check.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.check.Check;
import dev.slipway.check.CheckOutcome;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.check.Versions;
import dev.slipway.config.Durations;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Asks a status endpoint which version runs. During the rollout anything but the expected version
 * is "not yet" ({@link CheckOutcome#PENDING}); during the bake it is a failure, because a version
 * that changes while baking means someone else deployed.
 */
public final class HttpCheck implements Check {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern COMMIT_LIKE = Pattern.compile("[0-9a-fA-F]{8,}");
  private static final int LONGEST_SHOWN = 40;

  private final HttpCheckSettings settings;
  private final String timeoutText;
  private final Duration longestRun;
  private HttpClient client;

  public HttpCheck(HttpCheckSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.timeoutText = Durations.format(settings.timeout());
    this.longestRun = settings.timeout().multipliedBy(2);
  }

  public HttpCheckSettings settings() {
    return settings;
  }

  @Override
  public String description() {
    return "GET " + settings.url();
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
    Observation seen = observe();
    boolean rollout = request.stage() == CheckStage.ROLLOUT;
    Optional<String> problem = problem(seen, request.expectedVersion(), rollout);
    if (problem.isPresent()) {
      return rollout && !newVersionUnhealthy(seen, request.expectedVersion())
          ? CheckResult.pending(problem.get())
          : CheckResult.failed(problem.get());
    }
    return CheckResult.passed(
        seen.version()
            .map(version -> "reports " + shown(version))
            .orElse("answered " + seen.status()));
  }

  /**
   * During a rollout, an error answer that already reports the new version means the new version is
   * up and failing: waiting for the rollout timeout would only delay the rollback.
   */
  private static boolean newVersionUnhealthy(Observation seen, Optional<String> expected) {
    boolean error = seen.problem().isEmpty() && (seen.status() < 200 || seen.status() > 299);
    return error
        && expected.isPresent()
        && seen.version()
            .filter(reported -> Versions.matches(expected.get(), reported))
            .isPresent();
  }

  /** What keeps the answer from passing, in the words of the stage; empty when it passes. */
  private static Optional<String> problem(
      Observation seen, Optional<String> expected, boolean rollout) {
    if (seen.problem().isPresent()) {
      return seen.problem();
    }
    int status = seen.status();
    if (status < 200 || status > 299) {
      return Optional.of(
          "answered "
              + status
              + seen.version().map(version -> " (reports " + shown(version) + ")").orElse(""));
    }
    if (expected.isEmpty()) {
      return Optional.empty();
    }
    if (seen.version().isEmpty()) {
      return Optional.of(seen.versionProblem());
    }
    String reported = seen.version().get();
    String wanted = expected.get();
    if (Versions.matches(wanted, reported)) {
      return Optional.empty();
    }
    int length = distinguishingLength(wanted, reported);
    return Optional.of(
        "reports "
            + shown(reported, length)
            + (rollout ? ", waiting for " : " instead of ")
            + shown(wanted, length));
  }

  private Observation observe() {
    HttpRequest request =
        HttpRequest.newBuilder(settings.url())
            .GET()
            .timeout(settings.timeout())
            .header("Accept", "application/json")
            .build();
    CompletableFuture<HttpResponse<byte[]>> answer =
        client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      // The client's timeouts end once the headers are in; this also bounds a body that never ends.
      response = answer.get(longestRun.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Observation.problem("no complete answer within " + Durations.format(longestRun));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw SlipwayException.internal("interrupted while running check " + description(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException failure) {
        return Observation.problem(unreachable(failure));
      }
      throw SlipwayException.internal(
          "check " + description() + " failed unexpectedly: " + e.getCause(), e.getCause());
    }
    return read(response.statusCode(), response.body());
  }

  private Observation read(int status, byte[] body) {
    if (body.length == 0) {
      return Observation.answer(status, Optional.empty(), "answer is empty");
    }
    JsonNode document;
    try {
      document = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return Observation.answer(status, Optional.empty(), "answer is not JSON");
    } catch (IOException e) {
      return Observation.answer(status, Optional.empty(), "answer could not be read");
    }
    JsonNode value = document.at(settings.versionPointer());
    if (value.isMissingNode() || value.isNull()) {
      return Observation.answer(status, Optional.empty(), "no value at " + pointerText());
    }
    if (value.isContainerNode()) {
      return Observation.answer(status, Optional.empty(), pointerText() + " is not a version");
    }
    String version = value.asText().trim();
    if (version.isEmpty()) {
      return Observation.answer(status, Optional.empty(), pointerText() + " is empty");
    }
    return Observation.answer(status, Optional.of(version), "");
  }

  private String pointerText() {
    String text = settings.versionPointer().toString();
    return text.isEmpty() ? "the answer's root" : text;
  }

  private String unreachable(IOException failure) {
    if (failure instanceof HttpConnectTimeoutException) {
      return "unreachable: no connection within " + timeoutText;
    }
    if (failure instanceof HttpTimeoutException) {
      return "no answer within " + timeoutText;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
        return "unreachable: unknown host " + settings.url().getHost();
      }
      if (cause instanceof SSLException) {
        return "unreachable: TLS failed (" + firstLine(cause.getMessage()) + ")";
      }
    }
    if (failure instanceof ConnectException) {
      return "unreachable: connection refused";
    }
    return "unreachable: "
        + Optional.ofNullable(failure.getMessage())
            .map(HttpCheck::firstLine)
            .orElse(failure.getClass().getSimpleName());
  }

  /**
   * Made on the first run rather than at creation: validating a configuration creates every check,
   * and an HTTP client starts a selector thread.
   */
  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              // Status endpoints answer one small request; HTTP/1.1 avoids the h2c upgrade dance.
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(settings.timeout())
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return client;
  }

  /**
   * How many characters of two differing versions to show so that they read differently: commits
   * are shown at seven characters, or more when they only differ further on.
   */
  private static int distinguishingLength(String left, String right) {
    String a = left.toLowerCase(Locale.ROOT);
    String b = right.toLowerCase(Locale.ROOT);
    int common = 0;
    while (common < a.length() && common < b.length() && a.charAt(common) == b.charAt(common)) {
      common++;
    }
    return Math.max(Versions.MIN_PREFIX, common + 1);
  }

  private static String shown(String version) {
    return shown(version, Versions.MIN_PREFIX);
  }

  private static String shown(String version, int commitLength) {
    if (COMMIT_LIKE.matcher(version).matches() && version.length() > commitLength) {
      return version.substring(0, commitLength);
    }
    if (version.length() > LONGEST_SHOWN) {
      return version.substring(0, LONGEST_SHOWN) + "…";
    }
    return version;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    String line = message.lines().findFirst().orElse("").trim();
    return line.length() > 80 ? line.substring(0, 80) + "…" : line;
  }

  /**
   * What one request saw: either a problem reaching the service, or a status with the version it
   * reported (and, when there is none, why not).
   */
  private record Observation(
      Optional<String> problem, int status, Optional<String> version, String versionProblem) {
    static Observation problem(String problem) {
      return new Observation(Optional.of(problem), 0, Optional.empty(), "");
    }

    static Observation answer(int status, Optional<String> version, String versionProblem) {
      return new Observation(Optional.empty(), status, version, versionProblem);
    }
  }
}
