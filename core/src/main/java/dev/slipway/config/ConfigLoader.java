package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginValidator.Kind;
import dev.slipway.config.YamlDocument.Position;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Roles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code slipway.yaml} into a {@link SlipwayConfig}, or reports every problem in it at once,
 * each with its file, line, column and field.
 *
 * <p>The file is checked in stages, each only once the one before found nothing: YAML syntax (with
 * duplicate keys), the {@linkplain ConfigSchema schema}, the references between environments and
 * components, and finally every target, check and gate entry by the plugin its {@code type} names.
 * A later stage would only repeat an earlier stage's problems in more confusing words.
 */
public final class ConfigLoader {
  private static final String DEFAULT_BRANCH = "main";
  private static final String DEFAULT_USERNAME = "x-access-token";
  private static final String DEFAULT_AUTHOR_NAME = "Slipway";
  private static final String DEFAULT_AUTHOR_EMAIL = "slipway@localhost";
  private static final int DEFAULT_PUSH_ATTEMPTS = 5;
  private static final PromotionPolicy DEFAULT_POLICY = PromotionPolicy.MANUAL;
  private static final Duration DEFAULT_BAKE_TIME = Duration.ofMinutes(5);
  private static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

  /** The only kind of step there is: a command. */
  public static final String STEP_TYPE = "command";

  private final PluginValidator plugins;

  /**
   * @param plugins checks each target and check entry with the implementation its type names;
   *     {@link PluginValidator#none()} to check only what the file itself can tell
   */
  public ConfigLoader(PluginValidator plugins) {
    this.plugins = requireNonNull(plugins, "plugins is null");
  }

  /**
   * Reads and validates a configuration file.
   *
   * @throws InvalidConfigException with every problem found, when the file is not valid
   * @throws SlipwayException a {@link ErrorCategory#USER} error naming the file when it does not
   *     exist or cannot be read
   */
  public SlipwayConfig load(Path file) {
    requireNonNull(file, "file is null");
    return parse(read(file), file.toString(), file);
  }

  /**
   * Validates configuration text that did not come from a file of its own, such as a request body.
   *
   * @param text the YAML
   * @param fileName what problems call the file, e.g. {@code slipway.yaml}; also the {@link
   *     SlipwayConfig#source()} of the result
   * @throws InvalidConfigException with every problem found, when the text is not valid
   */
  public SlipwayConfig parse(String text, String fileName) {
    requireNonNull(text, "text is null");
    requireNonNull(fileName, "fileName is null");
    return parse(text, fileName, Path.of(fileName));
  }

  private SlipwayConfig parse(String text, String fileName, Path source) {
    ProblemList problems = new ProblemList(fileName);
    Optional<YamlDocument> read = YamlDocument.read(text, problems);
    problems.throwIfAny();
    YamlDocument document = read.orElseThrow();
    SchemaProblems.check(document, problems);
    problems.throwIfAny();
    SemanticChecks.check(document, problems);
    problems.throwIfAny();
    Model model = new Model();
    SlipwayConfig config = model.config(document.root(), source);
    for (PluginEntry entry : model.plugins) {
      validatePlugin(entry, config, document, problems);
    }
    problems.throwIfAny();
    return config;
  }

  private static String read(Path file) {
    String named = "configuration file " + file;
    if (Files.isDirectory(file)) {
      throw unreadable(named + " is a directory, not a file", null);
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw unreadable(named + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw unreadable(named + " cannot be read: permission denied", e);
    } catch (CharacterCodingException e) {
      throw unreadable(named + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw unreadable(named + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static SlipwayException unreadable(String message, Throwable cause) {
    return new SlipwayException(ErrorCategory.USER, message, null, true, cause);
  }

  /** A target, check or gate entry, and where it is in the file. */
  private record PluginEntry(Kind kind, PluginConfig plugin, FieldPath path) {}

  /** Builds the records from a document every earlier stage accepted, applying the defaults. */
  private static final class Model {
    private final List<PluginEntry> plugins = new ArrayList<>();

    SlipwayConfig config(JsonNode root, Path source) {
      Map<String, RepositoryConfig> repositories = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.path("repositories").properties()) {
        repositories.put(entry.getKey(), repository(entry.getKey(), entry.getValue()));
      }
      Map<ComponentName, ComponentConfig> components = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.path("components").properties()) {
        ComponentName name = ComponentName.of(entry.getKey());
        components.put(
            name,
            new ComponentConfig(
                name,
                text(entry.getValue(), "repository"),
                text(entry.getValue(), "description"),
                texts(entry.getValue().path("paths"))));
      }
      Map<EnvironmentName, EnvironmentConfig> environments = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.path("environments").properties()) {
        EnvironmentName name = EnvironmentName.of(entry.getKey());
        environments.put(name, environment(name, entry.getValue()));
      }
      Map<String, Set<String>> roles = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.path("roles").properties()) {
        Set<String> emails = new LinkedHashSet<>();
        entry.getValue().forEach(email -> emails.add(email.asText()));
        roles.put(entry.getKey(), emails);
      }
      return new SlipwayConfig(
          source,
          repositories,
          components,
          environments,
          new Roles(roles),
          releases(root.path("releases")),
          new EvidenceConfig(
              duration(root.path("evidence"), "retention")
                  .orElse(EvidenceConfig.DEFAULT_RETENTION)));
    }

    private static ReleaseConfig releases(JsonNode node) {
      Map<EnvironmentName, ReleaseConfig.ReleaseEnvironmentConfig> environments =
          new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.path("environments").properties()) {
        EnvironmentName name = EnvironmentName.of(entry.getKey());
        JsonNode train = entry.getValue().path("train");
        environments.put(
            name,
            new ReleaseConfig.ReleaseEnvironmentConfig(
                name,
                train.isObject()
                    ? Optional.of(
                        new ReleaseConfig.TrainConfig(
                            train.get("cron").asText(), train.get("zone").asText()))
                    : Optional.empty()));
      }
      Map<String, List<String>> owners = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.path("owners").properties()) {
        owners.put(lowerCase(entry.getKey()), lowerCase(entry.getValue()));
      }
      Map<ComponentName, ReleaseConfig.BotRule> bots = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.path("bots").properties()) {
        bots.put(
            ComponentName.of(entry.getKey()),
            new ReleaseConfig.BotRule(lowerCase(entry.getValue().path("team"))));
      }
      return new ReleaseConfig(
          environments,
          owners,
          bots,
          Optional.ofNullable(node.get("delegateRole")).map(JsonNode::asText),
          Optional.ofNullable(node.get("downgradeRole")).map(JsonNode::asText));
    }

    private static String lowerCase(String text) {
      return text.toLowerCase(Locale.ROOT);
    }

    private static List<String> lowerCase(JsonNode array) {
      List<String> result = new ArrayList<>();
      array.forEach(item -> result.add(lowerCase(item.asText())));
      return result;
    }

    private static RepositoryConfig repository(String name, JsonNode node) {
      JsonNode author = node.path("author");
      return new RepositoryConfig(
          name,
          node.get("url").asText(),
          text(node, "branch").orElse(DEFAULT_BRANCH),
          text(node, "username").orElse(DEFAULT_USERNAME),
          text(node, "tokenEnv"),
          text(node, "tokenFile"),
          text(node, "sshKeyFile"),
          text(node, "knownHostsFile"),
          text(author, "name").orElse(DEFAULT_AUTHOR_NAME),
          text(author, "email").orElse(DEFAULT_AUTHOR_EMAIL),
          node.path("pushAttempts").asInt(DEFAULT_PUSH_ATTEMPTS));
    }

    private EnvironmentConfig environment(EnvironmentName name, JsonNode node) {
      FieldPath path = FieldPath.ROOT.child("environments").child(name.value());
      Map<ComponentName, DeploymentConfig> deployments = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.path("components").properties()) {
        FieldPath at = path.child("components").child(entry.getKey());
        deployments.put(
            ComponentName.of(entry.getKey()),
            new DeploymentConfig(
                plugins(Kind.TARGET, entry.getValue().path("targets"), at.child("targets")),
                plugins(Kind.CHECK, entry.getValue().path("checks"), at.child("checks"))));
      }
      JsonNode steps = node.path("steps");
      return new EnvironmentConfig(
          name,
          text(node, "upstream").map(EnvironmentName::of),
          text(node, "policy")
              .map(policy -> PromotionPolicy.valueOf(policy.toUpperCase(Locale.ROOT)))
              .orElse(DEFAULT_POLICY),
          duration(node, "bakeTime").orElse(DEFAULT_BAKE_TIME),
          duration(node, "rolloutTimeout").orElse(DEFAULT_ROLLOUT_TIMEOUT),
          deployments,
          plugins(Kind.GATE, node.path("gates"), path.child("gates")),
          steps(steps.path("before"), path.child("steps").child("before")),
          steps(steps.path("after"), path.child("steps").child("after")));
    }

    private List<StepConfig> steps(JsonNode entries, FieldPath path) {
      List<StepConfig> result = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        ObjectNode settings = (ObjectNode) entries.get(i).deepCopy();
        FieldPath at = path.index(i);
        PluginConfig command = new PluginConfig(STEP_TYPE, settings, at.toString());
        result.add(
            new StepConfig(
                settings.get("name").asText(),
                text(settings, "onFailure")
                    .map(policy -> StepFailure.valueOf(policy.toUpperCase(Locale.ROOT)))
                    .orElse(StepFailure.REPORT),
                command));
        plugins.add(new PluginEntry(Kind.STEP, command, at));
      }
      return result;
    }

    private List<PluginConfig> plugins(Kind kind, JsonNode entries, FieldPath path) {
      List<PluginConfig> result = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        ObjectNode settings = (ObjectNode) entries.get(i).deepCopy();
        FieldPath at = path.index(i);
        PluginConfig plugin =
            new PluginConfig(settings.get("type").asText(), settings, at.toString());
        result.add(plugin);
        plugins.add(new PluginEntry(kind, plugin, at));
      }
      return result;
    }

    private static Optional<String> text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static List<String> texts(JsonNode array) {
      List<String> result = new ArrayList<>();
      array.forEach(item -> result.add(item.asText()));
      return result;
    }

    private static Optional<Duration> duration(JsonNode node, String field) {
      return text(node, field).map(text -> Durations.parse(text, field));
    }
  }

  private void validatePlugin(
      PluginEntry entry, SlipwayConfig config, YamlDocument document, ProblemList problems) {
    try {
      plugins.validate(entry.kind(), entry.plugin(), config);
    } catch (SlipwayException e) {
      if (e.category() != ErrorCategory.USER) {
        throw e;
      }
      FieldPath field = e.field().map(entry.path()::resolve).orElse(entry.path());
      Position position =
          document.has(field)
              ? document.valuePosition(field)
              : document.valuePosition(entry.path());
      problems.add(position, field, e.getMessage());
    }
  }
}
