package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void isAValidDraft202012Schema() throws Exception {
    JsonNode schema = JSON.readTree(ConfigSchema.text());

    assertThat(schema.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
                .validate(schema))
        .isEmpty();
  }

  @Test
  void describesEverySettingForEditors() throws Exception {
    JsonNode schema = JSON.readTree(ConfigSchema.text());
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(schema, "", undescribed);

    assertThat(undescribed).isEmpty();
  }

  @Test
  void closesEveryMappingToUnknownKeys() throws Exception {
    JsonNode schema = JSON.readTree(ConfigSchema.text());
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "", open);

    assertThat(open)
        .as("only target, check and gate entries stay open, for the types the schema does not know")
        .containsExactlyInAnyOrder("/$defs/target", "/$defs/check", "/$defs/gate");
  }

  @Test
  void offersEditorsTheDefaultsTheLoaderApplies() throws Exception {
    JsonNode defs = JSON.readTree(ConfigSchema.text()).path("$defs");
    SlipwayConfig config =
        new ConfigLoader(PluginValidator.none())
            .parse(
                """
                repositories: {manifests: {url: /srv/git/manifests.git}}
                components: {api: {}}
                environments: {staging: {}}
                """,
                "slipway.yaml");
    RepositoryConfig repository = config.repositories().get("manifests");
    EnvironmentConfig environment = config.getEnvironment(EnvironmentName.of("staging"));
    JsonNode repositoryProperties = defs.path("repository").path("properties");
    JsonNode environmentProperties = defs.path("environment").path("properties");

    assertThat(repositoryProperties.path("branch").path("default").asText())
        .isEqualTo(repository.branch());
    assertThat(repositoryProperties.path("username").path("default").asText())
        .isEqualTo(repository.username());
    assertThat(repositoryProperties.path("pushAttempts").path("default").asInt())
        .isEqualTo(repository.pushAttempts());
    JsonNode author = repositoryProperties.path("author").path("properties");
    assertThat(author.path("name").path("default").asText()).isEqualTo(repository.authorName());
    assertThat(author.path("email").path("default").asText()).isEqualTo(repository.authorEmail());
    assertThat(environmentProperties.path("policy").path("default").asText())
        .isEqualTo("manual")
        .isEqualToIgnoringCase(environment.policy().name());
    assertThat(durationDefault(environmentProperties.path("bakeTime")))
        .isEqualTo(environment.bakeTime());
    assertThat(durationDefault(environmentProperties.path("rolloutTimeout")))
        .isEqualTo(environment.rolloutTimeout());
    assertThat(config.getComponent(ComponentName.of("api")).repository()).isEmpty();
  }

  @Test
  void acceptsOnlyTheDurationsTheLoaderCanRead() throws Exception {
    JsonNode pattern = JSON.readTree(ConfigSchema.text()).at("/$defs/duration/pattern");
    java.util.regex.Pattern durations = java.util.regex.Pattern.compile(pattern.asText());

    for (String readable : List.of("250ms", "30s", "5m", "2h", "1d", "1h30m", "PT5M", "P1DT2H")) {
      assertThat(durations.matcher(readable).matches()).as(readable).isTrue();
      assertThat(Durations.parse(readable, "test")).as(readable).isPositive();
    }
    for (String unreadable : List.of("5", "5 m", "5min", "1.5h", "P", "PT", "P1DT", "-5m", "")) {
      assertThat(durations.matcher(unreadable).matches()).as(unreadable).isFalse();
    }
  }

  private static Duration durationDefault(JsonNode property) {
    return Durations.parse(property.path("default").asText(), "default");
  }

  /** Every property of every object in the schema, as a pointer, that has no description. */
  private static void collectUndescribed(JsonNode node, String pointer, List<String> undescribed) {
    if (!node.isObject()) {
      return;
    }
    JsonNode properties = node.path("properties");
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      JsonNode value = property.getValue();
      boolean isDiscriminator = property.getKey().equals("type") && value.has("const");
      if (!value.has("description") && !isDiscriminator) {
        undescribed.add(pointer + "/properties/" + property.getKey());
      }
    }
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      collectUndescribed(child.getValue(), pointer + "/" + child.getKey(), undescribed);
    }
  }

  private static void collectOpenObjects(JsonNode node, String pointer, List<String> open) {
    if (!node.isObject()) {
      return;
    }
    boolean describesAnObject = node.path("type").asText().equals("object");
    if (describesAnObject && !node.has("additionalProperties")) {
      open.add(pointer);
    }
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      collectOpenObjects(child.getValue(), pointer + "/" + child.getKey(), open);
    }
  }
}
