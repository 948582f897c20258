package dev.slipway.target.git;

import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.Target;
import dev.slipway.target.TargetType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@code git-file} target type.
 *
 * <pre>{@code
 * - type: git-file
 *   repository: manifests            # a key of the top-level repositories
 *   file: helmfile/overrides/staging.env
 *   key: API_DOCKER_TAG              # or yamlPath: images[name=api].newTag
 *   value: "{shortCommit}"           # optional; see ValueTemplate
 * }</pre>
 *
 * <p>Targets naming the same repository (with the same settings and data directory) share one
 * {@link GitRepositoryDeployer}, which is what makes one commit of a whole promotion.
 */
public final class GitFileTargetType implements TargetType {
  public static final String NAME = "git-file";

  private static final Set<String> SETTINGS =
      Set.of("type", "repository", "file", "key", "yamlPath", "value");

  /** A folder name that stays inside the data directory. */
  private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private record DeployerKey(Path cloneDirectory, RepositoryConfig repository) {}

  private final Map<DeployerKey, GitRepositoryDeployer> deployers = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Target create(PluginConfig config, PluginContext context) {
    for (Iterator<String> names = config.settings().fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!SETTINGS.contains(name)) {
        throw SlipwayException.invalid(
            name,
            "unknown setting '%s' of a %s target; settings: %s",
            name,
            NAME,
            SETTINGS.stream().filter(setting -> !setting.equals("type")).sorted().toList());
      }
    }
    RepositoryConfig repository = repository(context, required(config, "repository"));
    String file = file(required(config, "file"));
    ValueLocator locator = locator(config);
    ValueTemplate template =
        ValueTemplate.parse(config.findSettingText("value").orElse(ValueTemplate.DEFAULT));
    Path cloneDirectory =
        context
            .dataDirectory()
            .resolve("git")
            .resolve(repository.name())
            .toAbsolutePath()
            .normalize();
    GitRepositoryDeployer deployer =
        deployers.computeIfAbsent(
            new DeployerKey(cloneDirectory, repository),
            key ->
                new GitRepositoryDeployer(
                    repository,
                    cloneDirectory,
                    new GitRemoteAccess(repository, context.secrets(), configDirectory(context)),
                    context.clock()));
    return new GitFileTarget(repository.name(), file, locator, template, deployer);
  }

  private static RepositoryConfig repository(PluginContext context, String name) {
    Map<String, RepositoryConfig> repositories = context.config().repositories();
    RepositoryConfig repository = repositories.get(name);
    if (repository == null) {
      if (repositories.isEmpty()) {
        throw SlipwayException.invalid(
            "repository",
            "unknown repository '%s': no repositories are configured under 'repositories'",
            name);
      }
      throw SlipwayException.invalid(
          "repository",
          "unknown repository '%s'; configured repositories: %s",
          name,
          repositories.keySet().stream().sorted().toList());
    }
    if (!REPOSITORY_NAME.matcher(repository.name()).matches()) {
      throw SlipwayException.invalid(
          "repository",
          "repository name '%s' cannot name a folder for its clone (letters, digits, '_', '.', '-')",
          repository.name());
    }
    return repository;
  }

  /** A path inside the repository: relative, '/'-separated, without '.', '..' or '.git'. */
  private static String file(String file) {
    if (file.startsWith("/") || file.contains("\\") || file.matches("[A-Za-z]:.*")) {
      throw SlipwayException.invalid(
          "file",
          "file '%s' must be a path inside the repository, such as helmfile/overrides/staging.env,"
              + " with '/' between folders and no leading '/'",
          file);
    }
    for (String segment : file.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.equalsIgnoreCase(".git")) {
        throw SlipwayException.invalid(
            "file",
            "file '%s' must be a plain path inside the repository: no empty, '.', '..' or '.git'"
                + " parts",
            file);
      }
    }
    return file;
  }

  private static ValueLocator locator(PluginConfig config) {
    Optional<String> key = config.findSettingText("key");
    Optional<String> yamlPath = config.findSettingText("yamlPath");
    if (key.isPresent() == yamlPath.isPresent()) {
      throw SlipwayException.invalid(
          key.isPresent() ? "yamlPath" : "key",
          "a %s target needs exactly one of 'key' (an env-style line such as API_DOCKER_TAG) and"
              + " 'yamlPath' (such as images[name=api].newTag); it has %s",
          NAME,
          key.isPresent() ? "both" : "neither");
    }
    return key.isPresent() ? ValueLocator.envKey(key.get()) : ValueLocator.yamlPath(yamlPath.get());
  }

  private static String required(PluginConfig config, String name) {
    return config
        .findSettingText(name)
        .orElseThrow(
            () -> SlipwayException.invalid(name, "'%s' is required for a %s target", name, NAME));
  }

  /** Relative secret files (tokenFile, sshKeyFile) are relative to the configuration's folder. */
  private static Path configDirectory(PluginContext context) {
    Path parent = context.config().source().toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
