package dev.slipway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** Talks to a Slipway server: JSON in and out, problem responses turned back into errors. */
final class ApiClient {
  private final URI server;
  private final String token;
  private final HttpClient http;

  ApiClient(URI server, String token) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  JsonNode post(String path, Map<String, ?> body) {
    try {
      return send(
          request(path)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body cannot be written as JSON", e);
    }
  }

  /** Sends a file as the raw request body, read from disk as it is sent. */
  JsonNode postFile(String path, java.nio.file.Path file) {
    try {
      return send(
          request(path)
              .header("Content-Type", "application/octet-stream")
              .timeout(Duration.ofMinutes(30))
              .POST(HttpRequest.BodyPublishers.ofFile(file)));
    } catch (java.io.FileNotFoundException e) {
      throw SlipwayException.invalid("--file", "cannot read %s: no such file", file);
    }
  }

  /** Streams a response body, for exports too large to hold in memory. */
  InputStream stream(String path) {
    HttpResponse<InputStream> response =
        exchange(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() >= 300) {
      try (InputStream body = response.body()) {
        throw problem(response.statusCode(), new String(body.readAllBytes(), UTF_8));
      } catch (IOException e) {
        throw unreachable(e);
      }
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(Duration.ofMinutes(1))
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw problem(response.statusCode(), response.body());
    }
    try {
      return Json.mapper().readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new SlipwayException(
          ErrorCategory.EXTERNAL,
          server + " did not answer with JSON: " + e.getOriginalMessage(),
          null,
          true,
          e);
    }
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.build(), handler);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException("interrupted while waiting for " + server, e);
    }
  }

  private UnreachableException unreachable(IOException e) {
    String why =
        e instanceof ConnectException
            ? "connection refused"
            : e instanceof HttpTimeoutException
                ? "no answer in time"
                : String.valueOf(e.getMessage());
    return new UnreachableException(
        "cannot reach the Slipway server at "
            + server
            + " ("
            + why
            + "); is it running? Set"
            + " --server or SLIPWAY_URL",
        e);
  }

  private SlipwayException problem(int status, String body) {
    String detail = body;
    String field = null;
    try {
      JsonNode problem = Json.mapper().readTree(body);
      if (problem != null && problem.hasNonNull("detail")) {
        detail = problem.get("detail").asText();
        field = problem.hasNonNull("field") ? problem.get("field").asText() : null;
      }
    } catch (JsonProcessingException e) {
      detail = "HTTP " + status + ": " + body;
    }
    if (status == 401 && token == null) {
      // The server's words are about HTTP headers; on the command line the token comes from here.
      detail =
          "no API token given: set SLIPWAY_TOKEN (or --token-file) to the slw_... token that"
              + " 'slipway token create' printed";
    }
    return new SlipwayException(ErrorCategory.fromHttpStatus(status), detail, field, true, null);
  }

  /** The server could not be reached at all. */
  static final class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
