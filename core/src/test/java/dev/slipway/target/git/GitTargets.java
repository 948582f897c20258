package dev.slipway.target.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Contexts and target entries as the configuration loader would hand them to the target type. */
final class GitTargets {
  private static final YAMLMapper YAML = new YAMLMapper();

  private GitTargets() {}

  /** A context whose configuration, in {@code folder/slipway.yaml}, has these repositories. */
  static PluginContext context(
      Path folder, Secrets secrets, Clock clock, RepositoryConfig... repositories) {
    SlipwayConfig config =
        new SlipwayConfig(
            folder.resolve("slipway.yaml"),
            Arrays.stream(repositories)
                .collect(Collectors.toMap(RepositoryConfig::name, Function.identity())),
            Map.of(),
            Map.of());
    return new PluginContext(config, folder.resolve("data"), secrets, clock);
  }

  static Secrets noSecrets() {
    return name -> Optional.empty();
  }

  /** A target entry written as YAML, as in {@code slipway.yaml}. */
  static PluginConfig entry(String yaml) {
    try {
      ObjectNode settings = (ObjectNode) YAML.readTree(yaml);
      return new PluginConfig(
          settings.path("type").asText(),
          settings,
          "environments.staging.components.api.targets[0]");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(yaml, e);
    }
  }

  static PluginConfig keyEntry(String file, String key) {
    return entry("type: git-file\nrepository: manifests\nfile: " + file + "\nkey: " + key + "\n");
  }

  static PluginConfig yamlEntry(String file, String yamlPath) {
    return entry(
        "type: git-file\nrepository: manifests\nfile: " + file + "\nyamlPath: " + yamlPath + "\n");
  }
}
