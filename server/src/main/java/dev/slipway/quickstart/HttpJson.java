package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes JSON over HTTP, as a user's script would: the quickstart learns what happened
 * from the API and the fleet this way, never from inside the server.
 */
final class HttpJson {
  /** An answer: its status and its JSON body (null when the body is not JSON). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param base the server's address, ending with a slash
   * @param token the bearer token sent with every request, if any
   */
  HttpJson(URI base, Optional<String> token) {
    this.base = requireNonNull(base, "base is null");
    this.token = requireNonNull(token, "token is null");
  }

  URI base() {
    return base;
  }

  URI resolve(String path) {
    return base.resolve(path);
  }

  /** GETs a path that must answer 2xx. */
  JsonNode get(String path) {
    return required("GET", path, exchange(request(path).GET()));
  }

  /** POSTs a JSON body to a path that must answer 2xx. */
  JsonNode post(String path, Map<String, ?> body) {
    try {
      String json = Json.mapper().writeValueAsString(body);
      return required(
          "POST",
          path,
          exchange(
              request(path)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the request body cannot be written as JSON", e);
    }
  }

  /** PUTs nothing to a path that must answer 2xx. */
  JsonNode put(String path) {
    return required("PUT", path, exchange(request(path).PUT(HttpRequest.BodyPublishers.noBody())));
  }

  /** GETs a path and returns whatever it answers, as a check would. */
  Answer probe(String path) {
    return exchange(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
    return request;
  }

  private Answer exchange(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw SlipwayException.external("cannot reach " + built.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SlipwayException.internal("interrupted while waiting for " + built.uri(), e);
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    return new Answer(response.statusCode(), body);
  }

  private JsonNode required(String method, String path, Answer answer) {
    if (answer.ok() && answer.body() != null) {
      return answer.body();
    }
    String detail =
        answer.body() == null
            ? "no JSON"
            : answer.body().hasNonNull("detail")
                ? answer.body().get("detail").asText()
                : answer.body().toString();
    throw new SlipwayException(
        ErrorCategory.fromHttpStatus(answer.status()),
        method + " " + base.resolve(path) + " answered " + answer.status() + ": " + detail,
        null,
        true,
        null);
  }
}
