package dev.slipway.fleet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The fleet's HTTP face: the services' status endpoints and the {@code /_fleet} controls. */
final class FleetEndpoints implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Fleet fleet;

  FleetEndpoints(Fleet fleet) {
    this.fleet = requireNonNull(fleet, "fleet is null");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      List<String> path =
          Arrays.stream(exchange.getRequestURI().getPath().split("/"))
              .filter(part -> !part.isEmpty())
              .toList();
      String method = exchange.getRequestMethod();
      Answer answer;
      try {
        answer = route(method, path);
      } catch (SlipwayException e) {
        answer = error(e.category().httpStatus(), e.getMessage());
      }
      send(exchange, answer);
    }
  }

  private Answer route(String method, List<String> path) {
    if (path.size() == 1 && path.get(0).equals("_fleet")) {
      return method.equals("GET") ? new Answer(200, listing()) : notAllowed("GET");
    }
    if (path.size() == 4 && path.get(0).equals("_fleet") && path.get(1).equals("unhealthy")) {
      ComponentName component = ComponentName.of(path.get(2));
      switch (method) {
        case "PUT" -> fleet.markUnhealthy(component, path.get(3));
        case "DELETE" -> fleet.markHealthy(component, path.get(3));
        default -> {
          return notAllowed("PUT, DELETE");
        }
      }
      return new Answer(200, listing());
    }
    if (path.size() == 3 && path.get(2).equals("_status")) {
      Optional<FleetService> service = findService(path.get(0), path.get(1));
      if (service.isEmpty()) {
        return error(404, "the fleet has no service for " + path.get(1) + " in " + path.get(0));
      }
      return method.equals("GET") ? status(service.get()) : notAllowed("GET");
    }
    return error(
        404,
        "nothing here; try GET /_fleet, GET /<environment>/<component>/_status or PUT"
            + " /_fleet/unhealthy/<component>/<commit prefix>");
  }

  private Optional<FleetService> findService(String environment, String component) {
    try {
      return fleet.findService(EnvironmentName.of(environment), ComponentName.of(component));
    } catch (SlipwayException e) {
      return Optional.empty();
    }
  }

  /** As the seed team's apps answer: the commit, and whether it is healthy. */
  private Answer status(FleetService service) {
    ObjectNode body = JSON.createObjectNode();
    Optional<String> running = service.state().running();
    if (running.isEmpty()) {
      return new Answer(503, body.put("status", "starting"));
    }
    body.put("commit_sha", running.get());
    if (fleet.isUnhealthy(service.component(), running.get())) {
      return new Answer(500, body.put("status", "error"));
    }
    return new Answer(200, body.put("status", "ok"));
  }

  private ObjectNode listing() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode services = body.putArray("services");
    for (FleetService service : fleet.services()) {
      FleetService.State state = service.state();
      ObjectNode entry =
          services
              .addObject()
              .put("environment", service.environment().value())
              .put("component", service.component().value())
              .put("url", fleet.url(service.environment(), service.component()).toString())
              .put("running", state.running().orElse(null))
              .put(
                  "status",
                  state
                      .running()
                      .map(
                          version ->
                              fleet.isUnhealthy(service.component(), version) ? "error" : "ok")
                      .orElse("starting"));
      state
          .rollout()
          .ifPresent(
              rollout ->
                  entry
                      .putObject("rollout")
                      .put("version", rollout.version())
                      .put("noticedAt", rollout.noticedAt().toString())
                      .put("switchesAt", rollout.switchesAt().toString()));
    }
    ObjectNode unhealthy = body.putObject("unhealthy");
    fleet
        .unhealthyPrefixes()
        .forEach(
            (component, prefixes) -> prefixes.forEach(unhealthy.putArray(component.value())::add));
    return body;
  }

  private static Answer notAllowed(String allowed) {
    Answer answer = error(405, "use " + allowed + " here");
    return new Answer(answer.status(), answer.body(), Optional.of(allowed));
  }

  private static Answer error(int status, String message) {
    return new Answer(status, JSON.createObjectNode().put("error", message));
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer.body());
    } catch (JsonProcessingException e) {
      throw new IOException("could not write the fleet's answer", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    answer.allow().ifPresent(allowed -> exchange.getResponseHeaders().set("Allow", allowed));
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Answer(int status, ObjectNode body, Optional<String> allow) {
    Answer(int status, ObjectNode body) {
      this(status, body, Optional.empty());
    }
  }
}
