package dev.slipway.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.config.ConfigSchema;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** What the server says about itself without a token: health, OpenAPI, configuration schema. */
final class DescriptionRoutes {
  /** Where the OpenAPI description lives on the class path. */
  static final String OPENAPI_RESOURCE = "/dev/slipway/api/openapi.yaml";

  private final String openApiYaml;
  private final String openApiJson;

  DescriptionRoutes() {
    this.openApiYaml = readOpenApi();
    try {
      JsonNode tree = new YAMLMapper().readTree(openApiYaml);
      this.openApiJson = Json.mapper().writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI description is not valid YAML", e);
    }
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/health", this::health);
    routes.get(
        "/api/v1/openapi.json",
        context -> context.contentType("application/json").result(openApiJson));
    routes.get(
        "/api/v1/openapi.yaml",
        context -> context.contentType("application/yaml").result(openApiYaml));
    routes.get(
        "/api/v1/config/schema",
        context -> context.contentType("application/schema+json").result(ConfigSchema.text()));
  }

  private void health(Context context) {
    context.json(Map.of("status", "ok"));
  }

  static String readOpenApi() {
    try (InputStream input = DescriptionRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (input == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
      }
      return new String(input.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
