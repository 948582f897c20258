package dev.slipway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import dev.slipway.testing.TestingServer.Answer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description and the server agree: every endpoint served is described with its method,
 * every described operation is served, and the description is served as YAML and as JSON.
 */
class OpenApiCoverageTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  @TempDir static Path directory;

  private static TestingServer server;
  private static JsonNode description;

  @BeforeAll
  static void start() throws IOException {
    server = TestingServer.start(directory, TestDatabase.H2, TestingServer.Timings.fast());
    description = new YAMLMapper().readTree(DescriptionRoutes.readOpenApi());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void describesEveryServedEndpointAndServesEveryDescribedOne() {
    Set<String> served = new TreeSet<>();
    try (ApiServer api = ApiServer.start(server.slipway(), "127.0.0.1", 0)) {
      for (ApiServer.Route route : api.routes()) {
        served.add(route.method() + " " + route.path());
      }
    }

    assertThat(served).contains("GET /api/v1/health", "POST /api/v1/builds");
    assertThat(served).containsExactlyInAnyOrderElementsOf(describedOperations());
  }

  @Test
  void marksExactlyTheEndpointsThatNeedNoTokenAsPublic() {
    Set<String> publicPaths = new TreeSet<>();
    description
        .get("paths")
        .properties()
        .forEach(
            path ->
                operations(path.getValue())
                    .forEach(
                        operation -> {
                          JsonNode security = operation.get("security");
                          if (security != null && security.isEmpty()) {
                            publicPaths.add(path.getKey());
                          }
                        }));

    assertThat(description.get("security").get(0).has("token")).isTrue();
    assertThat(publicPaths).containsExactlyInAnyOrderElementsOf(Authentication.PUBLIC_PATHS);
  }

  @Test
  void documentsTheAuthenticationProblemOfEveryOperationThatNeedsAToken() {
    List<String> undocumented = new ArrayList<>();
    description
        .get("paths")
        .properties()
        .forEach(
            path -> {
              for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())
                    || Authentication.PUBLIC_PATHS.contains(path.getKey())) {
                  continue;
                }
                if (!operation.getValue().path("responses").has("401")) {
                  undocumented.add(
                      operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              }
            });

    assertThat(undocumented).isEmpty();
  }

  @Test
  void documentsTheInvalidInputProblemOfEveryOperationThatReadsInput() {
    List<String> undocumented = new ArrayList<>();
    description
        .get("paths")
        .properties()
        .forEach(
            path -> {
              for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode value = operation.getValue();
                boolean readsInput =
                    !value.path("parameters").isEmpty() || value.has("requestBody");
                if (METHODS.contains(operation.getKey())
                    && readsInput
                    && !value.path("responses").has("422")) {
                  undocumented.add(
                      operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              }
            });

    assertThat(undocumented).isEmpty();
  }

  @Test
  void declaresEveryPathParameter() {
    List<String> undeclared = new ArrayList<>();
    description
        .get("paths")
        .properties()
        .forEach(
            path -> {
              Matcher matcher = PATH_PARAMETER.matcher(path.getKey());
              while (matcher.find()) {
                String name = matcher.group(1);
                for (JsonNode operation : operations(path.getValue())) {
                  boolean declared = false;
                  for (JsonNode parameter : operation.path("parameters")) {
                    declared |=
                        name.equals(parameter.path("name").asText())
                            && "path".equals(parameter.path("in").asText())
                            && parameter.path("required").asBoolean();
                  }
                  if (!declared) {
                    undeclared.add(path.getKey() + " " + name);
                  }
                }
              }
            });

    assertThat(undeclared).isEmpty();
  }

  @Test
  void resolvesEveryReference() {
    List<String> references = new ArrayList<>();
    collectReferences(description, references);

    assertThat(references).isNotEmpty();
    assertThat(references)
        .allSatisfy(
            reference -> {
              assertThat(reference).startsWith("#/");
              assertThat(description.at(reference.substring(1)).isMissingNode())
                  .as(reference)
                  .isFalse();
            });
  }

  @Test
  void servesTheDescriptionAsYamlAndAsJson() throws IOException {
    Answer yaml =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/openapi.yaml")).GET(), null);
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.contentType()).startsWith("application/yaml");
    assertThat(yaml.body()).isEqualTo(DescriptionRoutes.readOpenApi());

    Answer json =
        server.send(
            HttpRequest.newBuilder(server.url().resolve("api/v1/openapi.json")).GET(), null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.contentType()).startsWith("application/json");
    assertThat(json.json()).isEqualTo(description);
    assertThat(json.json().get("openapi").asText()).startsWith("3.1.");
    assertThat(json.json().get("paths").has("/api/v1/promotions")).isTrue();
  }

  private static Set<String> describedOperations() {
    Set<String> described = new TreeSet<>();
    description
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation -> {
                          if (METHODS.contains(operation.getKey())) {
                            described.add(
                                operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    return described;
  }

  private static List<JsonNode> operations(JsonNode pathItem) {
    List<JsonNode> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : pathItem.properties()) {
      if (METHODS.contains(entry.getKey())) {
        operations.add(entry.getValue());
      }
    }
    return operations;
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (entry.getKey().equals("$ref")) {
          references.add(entry.getValue().asText());
        } else {
          collectReferences(entry.getValue(), references);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collectReferences(element, references);
      }
    }
  }
}
