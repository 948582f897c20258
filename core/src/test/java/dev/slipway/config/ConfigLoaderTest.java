package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingPluginValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String FILE = "slipway.yaml";

  private static final String GC_NOTIFY =
      """
      repositories:
        manifests:
          url: https://github.com/cds-snc/notification-manifests.git
          tokenEnv: MANIFESTS_TOKEN
      components:
        api:
          repository: https://github.com/cds-snc/notification-api.git
          description: Notify API and celery workers
        admin: {}
      environments:
        staging:
          policy: automatic
          components:
            api:
              targets:
                - type: git-file
                  repository: manifests
                  file: helmfile/overrides/staging.env
                  key: API_DOCKER_TAG
                  value: "{shortCommit}"
              checks:
                - type: http
                  url: https://api.staging.notification.cdssandbox.xyz/_status
            admin:
              targets:
                - type: git-file
                  repository: manifests
                  file: helmfile/overrides/staging.env
                  key: ADMIN_DOCKER_TAG
        production:
          upstream: staging
          bakeTime: 15m
          rolloutTimeout: 1h30m
          components:
            api:
              targets:
                - type: git-file
                  repository: manifests
                  file: helmfile/overrides/production.env
                  key: API_DOCKER_TAG
      """;

  private final ConfigLoader loader = new ConfigLoader(TestingPluginValidator.builtIn());

  @Test
  void loadsAGcNotifyShapedFileWithDefaultsApplied() {
    SlipwayConfig config = loader.parse(GC_NOTIFY, FILE);

    assertThat(config.source()).isEqualTo(Path.of(FILE));
    RepositoryConfig manifests = config.repositories().get("manifests");
    assertThat(manifests)
        .isEqualTo(
            new RepositoryConfig(
                "manifests",
                "https://github.com/cds-snc/notification-manifests.git",
                "main",
                "x-access-token",
                Optional.of("MANIFESTS_TOKEN"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "Slipway",
                "slipway@localhost",
                5));

    assertThat(config.getComponent(ComponentName.of("api")))
        .isEqualTo(
            new ComponentConfig(
                ComponentName.of("api"),
                Optional.of("https://github.com/cds-snc/notification-api.git"),
                Optional.of("Notify API and celery workers")));
    assertThat(config.getComponent(ComponentName.of("admin")))
        .isEqualTo(
            new ComponentConfig(ComponentName.of("admin"), Optional.empty(), Optional.empty()));

    EnvironmentConfig staging = config.getEnvironment(EnvironmentName.of("staging"));
    assertThat(staging.upstream()).isEmpty();
    assertThat(staging.policy()).isEqualTo(PromotionPolicy.AUTOMATIC);
    assertThat(staging.bakeTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(staging.rolloutTimeout()).isEqualTo(Duration.ofMinutes(10));
    DeploymentConfig api = staging.getDeployment(ComponentName.of("api"));
    assertThat(api.targets()).hasSize(1);
    PluginConfig target = api.targets().get(0);
    assertThat(target.type()).isEqualTo("git-file");
    assertThat(target.path()).isEqualTo("environments.staging.components.api.targets[0]");
    assertThat(target.getText("file")).isEqualTo("helmfile/overrides/staging.env");
    assertThat(target.getText("key")).isEqualTo("API_DOCKER_TAG");
    assertThat(target.getText("value")).isEqualTo("{shortCommit}");
    assertThat(target.settings().get("type").asText()).isEqualTo("git-file");
    PluginConfig check = api.checks().get(0);
    assertThat(check.type()).isEqualTo("http");
    assertThat(check.path()).isEqualTo("environments.staging.components.api.checks[0]");
    assertThat(check.findText("versionPointer")).as("a plugin applies its own defaults").isEmpty();
    assertThat(staging.getDeployment(ComponentName.of("admin")).checks()).isEmpty();

    EnvironmentConfig production = config.getEnvironment(EnvironmentName.of("production"));
    assertThat(production.upstream()).contains(EnvironmentName.of("staging"));
    assertThat(production.policy()).isEqualTo(PromotionPolicy.MANUAL);
    assertThat(production.bakeTime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(production.rolloutTimeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(production.components()).containsOnlyKeys(ComponentName.of("api"));
    assertThat(config.downstreamOf(EnvironmentName.of("staging"))).containsExactly(production);
    assertThat(config.entryEnvironments()).containsExactly(staging);
  }

  @Test
  void readsEveryRepositorySetting() {
    SlipwayConfig config =
        loader.parse(
            """
            repositories:
              manifests:
                url: git@github.com:cds-snc/notification-manifests.git
                branch: release
                username: deploy-bot
                sshKeyFile: /run/secrets/deploy-key
                knownHostsFile: /etc/slipway/known_hosts
                author: {name: Notify Slipway, email: slipway@cds-snc.ca}
                pushAttempts: 12
              other:
                url: /srv/git/other.git
                tokenFile: /run/secrets/other-token
            components: {api: {}}
            environments: {dev: {}}
            """,
            FILE);

    assertThat(config.repositories().get("manifests"))
        .isEqualTo(
            new RepositoryConfig(
                "manifests",
                "git@github.com:cds-snc/notification-manifests.git",
                "release",
                "deploy-bot",
                Optional.empty(),
                Optional.empty(),
                Optional.of("/run/secrets/deploy-key"),
                Optional.of("/etc/slipway/known_hosts"),
                "Notify Slipway",
                "slipway@cds-snc.ca",
                12));
    assertThat(config.repositories().get("other").tokenFile()).contains("/run/secrets/other-token");
    assertThat(config.getEnvironment(EnvironmentName.of("dev")).components()).isEmpty();
  }

  @Test
  void loadsAFileAndNamesItInProblemsAsGiven(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("slipway.yaml");
    Files.writeString(file, GC_NOTIFY);
    assertThat(loader.load(file).source()).isEqualTo(file);

    Files.writeString(file, GC_NOTIFY.replace("policy: automatic", "policy: sometimes"));
    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::file)
                    .containsExactly(file.toString()));
  }

  @Test
  void aMissingFileIsAUserErrorNamingThePath(@TempDir Path directory) {
    Path missing = directory.resolve("nope/slipway.yaml");
    assertThatThrownBy(() -> loader.load(missing))
        .isExactlyInstanceOf(SlipwayException.class)
        .hasMessage("configuration file " + missing + " does not exist")
        .satisfies(
            e -> assertThat(((SlipwayException) e).category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  void aDirectoryOrABinaryFileIsAUserErrorNamingThePath(@TempDir Path directory)
      throws IOException {
    assertThatThrownBy(() -> loader.load(directory))
        .isExactlyInstanceOf(SlipwayException.class)
        .hasMessage("configuration file " + directory + " is a directory, not a file");

    Path binary = directory.resolve("slipway.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
    assertThatThrownBy(() -> loader.load(binary))
        .isExactlyInstanceOf(SlipwayException.class)
        .hasMessage("configuration file " + binary + " is not UTF-8 text")
        .satisfies(
            e -> assertThat(((SlipwayException) e).category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  void readsAFileThatStartsWithAByteOrderMark(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("slipway.yaml");
    Files.write(file, ("\uFEFF" + GC_NOTIFY).getBytes(StandardCharsets.UTF_8));
    assertThat(loader.load(file).environments()).hasSize(2);
  }

  @Test
  void rendersEachProblemAsFileLineColumnPathAndMessage() {
    String yaml = GC_NOTIFY.replace("policy: automatic", "policy: sometimes");

    InvalidConfigException e = rejected(yaml);

    assertThat(e.problems())
        .containsExactly(
            new ConfigProblem(
                FILE,
                12,
                13,
                "environments.staging.policy",
                "must be one of automatic or manual, not 'sometimes'"));
    assertThat(e.problems().get(0))
        .hasToString(
            "slipway.yaml:12:13: environments.staging.policy: must be one of automatic or manual,"
                + " not 'sometimes'");
    assertThat(e)
        .hasMessage(
            "1 problem in the configuration:\n"
                + "slipway.yaml:12:13: environments.staging.policy: must be one of automatic or"
                + " manual, not 'sometimes'");
    assertThat(e.category()).isEqualTo(ErrorCategory.USER);
  }

  @Test
  void reportsUnknownKeysAtEveryDepthWithTheClosestKnownKey() {
    String yaml =
        """
        notifications: {}
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
            brnach: main
        components:
          api: {descripton: Notify API}
        environments:
          staging:
            bakeTme: 5m
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    fiel: helmfile/overrides/staging.env
                    file: helmfile/overrides/staging.env
                    key: API_DOCKER_TAG
                checks:
                  - type: http
                    url: https://api.staging.notification.cdssandbox.xyz/_status
                    intervall: 10s
        """;

    List<ConfigProblem> problems = problems(yaml);

    assertThat(located(problems))
        .containsExactly(
            where(yaml, "notifications") + " notifications",
            where(yaml, "brnach") + " repositories.manifests.brnach",
            where(yaml, "descripton") + " components.api.descripton",
            where(yaml, "bakeTme") + " environments.staging.bakeTme",
            where(yaml, "fiel:") + " environments.staging.components.api.targets[0].fiel",
            where(yaml, "intervall") + " environments.staging.components.api.checks[0].intervall");
    assertThat(problems.get(0).message())
        .isEqualTo(
            "unknown key 'notifications'; expected one of: components, environments, evidence,"
                + " releases, repositories, roles");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "unknown key 'brnach' (did you mean 'branch'?); expected one of: author, branch,"
                + " knownHostsFile, pushAttempts, sshKeyFile, tokenEnv, tokenFile, url, username");
    assertThat(problems.get(3).message())
        .startsWith("unknown key 'bakeTme' (did you mean 'bakeTime'?)");
    assertThat(problems.get(4).message())
        .isEqualTo(
            "unknown key 'fiel' (did you mean 'file'?); expected one of: file, key, repository,"
                + " type, value, yamlPath");
    assertThat(problems.get(5).message())
        .isEqualTo(
            "unknown key 'intervall' (did you mean 'interval'?); expected one of:"
                + " failureThreshold, interval, timeout, type, url, versionPointer");
  }

  @Test
  void refusesATokenWrittenInTheFileAndSaysWhereSecretsGo() {
    String yaml =
        """
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
            token: ghp_not_a_real_token
        components: {api: {}}
        environments: {dev: {}}
        """;

    List<ConfigProblem> problems = problems(yaml);

    assertThat(located(problems)).containsExactly("4:5 repositories.manifests.token");
    assertThat(problems.get(0).message())
        .startsWith("unknown key 'token'; secrets are never written in slipway.yaml")
        .contains("tokenEnv", "tokenFile");
  }

  @Test
  void refusesATokenFromTwoPlaces() {
    String yaml =
        """
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
            tokenEnv: MANIFESTS_TOKEN
            tokenFile: /run/secrets/manifests-token
        components: {api: {}}
        environments: {dev: {}}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            new ConfigProblem(
                FILE,
                5,
                5,
                "repositories.manifests.tokenFile",
                "set tokenEnv or tokenFile, not both: the token must come from one place"));
  }

  @Test
  void reportsValuesOfTheWrongType() {
    String yaml =
        """
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
            pushAttempts: five
        components:
          api:
          admin: []
        environments:
          staging:
            components:
              api:
                targets:
                  type: git-file
              admin:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/staging.env
                    key: ADMIN_DOCKER_TAG
                    value: 1270812
        """;

    List<ConfigProblem> problems = problems(yaml);

    assertThat(problems)
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "4:19 repositories.manifests.pushAttempts: must be a whole number, not 'five'",
            "6:3 components.api: must be a mapping but has no value; write {} when there is"
                + " nothing to set",
            "7:10 components.admin: must be a mapping, not a list",
            "13:11 environments.staging.components.api.targets: must be a list, not a mapping",
            "20:20 environments.staging.components.admin.targets[0].value: must be text, not"
                + " 1270812; put the value in quotes");
  }

  @Test
  void reportsNamesThatAreNotDnsLabels() {
    String yaml =
        """
        repositories:
          Manifests:
            url: https://github.com/cds-snc/notification-manifests.git
        components:
          API: {}
          api: {}
        environments:
          prod_1:
            upstream: Staging
            components:
              api:
                targets:
                  - type: Git File
        """;

    List<ConfigProblem> problems = problems(yaml);

    assertThat(located(problems))
        .containsExactly(
            "2:3 repositories.Manifests",
            "5:3 components.API",
            "8:3 environments.prod_1",
            "9:15 environments.prod_1.upstream",
            "13:19 environments.prod_1.components.api.targets[0].type");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "'API' is not a valid name: use lower-case letters, digits and '-', starting and"
                + " ending with a letter or digit, at most 63 characters");
    assertThat(problems.get(3).message()).startsWith("'Staging' is not a valid name");
    assertThat(problems.get(4).message()).startsWith("'Git File' is not a valid name");
  }

  @Test
  void reportsDurationsThatCannotBeRead() {
    String yaml =
        """
        components: {api: {}}
        environments:
          staging:
            bakeTime: 5 minutes
            rolloutTimeout: 10
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - type: http
                    url: https://api.staging.notification.cdssandbox.xyz/_status
                    interval: 0.5s
                    timeout: PT5S
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "4:15 environments.staging.bakeTime: '5 minutes' is not a duration such as 250ms, 30s,"
                + " 5m, 1h30m or 1d",
            "5:21 environments.staging.rolloutTimeout: 10 is not a duration such as 250ms, 30s,"
                + " 5m, 1h30m or 1d",
            "13:23 environments.staging.components.api.checks[0].interval: '0.5s' is not a"
                + " duration such as 250ms, 30s, 5m, 1h30m or 1d");
  }

  @Test
  void refusesDurationsOfZeroOrBeyondWhatCanBeWaited() {
    String yaml =
        """
        components: {api: {}}
        environments:
          staging:
            bakeTime: 0s
            rolloutTimeout: 99999999999999999999d
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "4:15 environments.staging.bakeTime: must be longer than zero",
            "5:21 environments.staging.rolloutTimeout: '99999999999999999999d' is longer than any"
                + " duration Slipway can wait");
  }

  @Test
  void reportsMissingRequiredFieldsAtTheMappingThatLacksThem() {
    String yaml =
        """
        repositories:
          manifests:
            branch: main
        components:
          api: {}
          admin: {}
          documentation: {}
        """;
    assertThat(problems(yaml))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "slipway.yaml: environments: required but missing",
            "slipway.yaml:2:3: repositories.manifests.url: required but missing");

    String deployments =
        """
        components:
          api: {}
          admin: {}
          documentation: {}
        environments:
          staging:
            components:
              api:
                targets:
                  - type: git-file
                    key: API_DOCKER_TAG
                  - repository: manifests
              admin:
                checks: []
              documentation:
                targets: []
        """;
    assertThat(problems(deployments))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "10:13 environments.staging.components.api.targets[0].file: required but missing",
            "10:13 environments.staging.components.api.targets[0].repository: required but"
                + " missing",
            "12:13 environments.staging.components.api.targets[1].type: required but missing",
            "13:7 environments.staging.components.admin.targets: required but missing",
            "16:9 environments.staging.components.documentation.targets: needs at least one"
                + " entry");
  }

  @Test
  void readsTheSourcePathsOfAComponentInAMonorepo() {
    String yaml =
        """
        components:
          api:
            repository: https://github.com/cds-snc/notify.git
            paths: [api/, shared]
        environments:
          staging:
            components:
              api:
                targets: [{type: git-file, repository: manifests, file: f, key: K}]
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
        """;

    assertThat(loader.parse(yaml, FILE).getComponent(ComponentName.of("api")).paths())
        .containsExactly("api/", "shared");
  }

  @Test
  void refusesSourcePathsOutsideTheRepository() {
    String yaml =
        """
        components:
          api:
            paths: [/api, ../shared, api/./x, api//x, ok/]
          admin:
            paths: []
        environments:
          staging:
            components:
              api:
                targets: [{type: git-file, repository: manifests, file: f, key: K}]
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "3:13 components.api.paths[0]: '/api' is not a path inside the repository such as"
                + " api/ (no leading '/', no '.' or '..' parts)",
            "3:19 components.api.paths[1]: '../shared' is not a path inside the repository such"
                + " as api/ (no leading '/', no '.' or '..' parts)",
            "3:30 components.api.paths[2]: 'api/./x' is not a path inside the repository such as"
                + " api/ (no leading '/', no '.' or '..' parts)",
            "3:39 components.api.paths[3]: 'api//x' is not a path inside the repository such as"
                + " api/ (no leading '/', no '.' or '..' parts)",
            "5:5 components.admin.paths: needs at least one entry");
  }

  @Test
  void refusesEmptySectionsAndEmptyText() {
    String yaml =
        """
        repositories:
          manifests:
            url: ""
        components: {}
        environments:
          staging:
            components:
              api:
                targets: [{type: git-file, repository: manifests, file: "", key: K}]
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "3:10 repositories.manifests.url: must not be empty",
            "4:1 components: needs at least one entry",
            "9:65 environments.staging.components.api.targets[0].file: must not be empty");
  }

  @Test
  void requiresExactlyOneOfKeyOrYamlPathOnAGitFileTarget() {
    String yaml =
        """
        repositories: {manifests: {url: /srv/git/manifests.git}}
        components: {api: {}}
        environments:
          staging:
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/staging.env
                  - type: git-file
                    repository: manifests
                    file: kustomize/staging/kustomization.yaml
                    key: API_DOCKER_TAG
                    yamlPath: images[0].newTag
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "8:13 environments.staging.components.api.targets[0]: needs one of key or yamlPath",
            "11:13 environments.staging.components.api.targets[1]: set only one of key or"
                + " yamlPath");
  }

  @Test
  void refusesAnHttpCheckThatIsNotHttp() {
    String yaml =
        """
        components: {api: {}}
        environments:
          staging:
            components:
              api:
                targets: [{type: git-file, repository: manifests, file: f.env, key: K}]
                checks:
                  - type: http
                    url: ftp://api.staging.notification.cdssandbox.xyz/_status
                    versionPointer: commit_sha
                    failureThreshold: 0
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "9:18 environments.staging.components.api.checks[0].url:"
                + " 'ftp://api.staging.notification.cdssandbox.xyz/_status' is not an http:// or"
                + " https:// URL",
            "10:29 environments.staging.components.api.checks[0].versionPointer: 'commit_sha' is"
                + " not a JSON pointer such as /commit_sha",
            "11:31 environments.staging.components.api.checks[0].failureThreshold: must be at"
                + " least 1, not 0");
  }

  @Test
  void reportsAnUpstreamCycleOnceWhereItStarts() {
    String yaml =
        """
        components: {api: {}}
        environments:
          dev:
            upstream: production
          staging:
            upstream: dev
          production:
            upstream: staging
          preview:
            upstream: staging
        """;

    assertThat(problems(yaml))
        .containsExactly(
            new ConfigProblem(
                FILE,
                4,
                15,
                "environments.dev.upstream",
                "upstream cycle dev -> production -> staging -> dev: no build can enter these"
                    + " environments; one of them must take its builds from CI (no upstream)"));
  }

  @Test
  void refusesAnEnvironmentThatIsItsOwnOrAnUnknownUpstream() {
    String yaml =
        """
        components: {api: {}}
        environments:
          staging:
            upstream: staging
          production:
            upstream: stagng
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "4:15 environments.staging.upstream: an environment cannot be its own upstream; leave"
                + " upstream out when builds come straight from CI",
            "6:15 environments.production.upstream: environment 'stagng' is not configured under"
                + " environments (did you mean 'staging'?); configured: production, staging");
  }

  @Test
  void refusesAComponentThatIsNotConfigured() {
    String yaml =
        """
        components:
          api: {}
          admin: {}
        environments:
          staging:
            components:
              apy:
                targets: [{type: git-file, repository: manifests, file: f.env, key: K}]
        """;

    assertThat(problems(yaml))
        .containsExactly(
            new ConfigProblem(
                FILE,
                7,
                7,
                "environments.staging.components.apy",
                "component 'apy' is not configured under components (did you mean 'api'?);"
                    + " configured: admin, api"));
  }

  @Test
  void refusesAComponentThatTheUpstreamDoesNotDeploy() {
    String yaml =
        """
        components:
          api: {}
          admin: {}
        environments:
          staging:
            components:
              api:
                targets: [{type: git-file, repository: manifests, file: staging.env, key: K}]
          production:
            upstream: staging
            components:
              api:
                targets: [{type: git-file, repository: manifests, file: production.env, key: K}]
              admin:
                targets: [{type: git-file, repository: manifests, file: production.env, key: A}]
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "14:7 environments.production.components.admin: upstream environment 'staging' does"
                + " not deploy component 'admin', so no build of it can arrive here; deploy it in"
                + " 'staging' too or remove it here");
  }

  @Test
  void placesAPluginValidatorErrorAtTheFieldItNames() {
    PluginValidator repositories =
        (kind, plugin, config) -> {
          if (kind == PluginValidator.Kind.TARGET
              && !config.repositories().containsKey(plugin.getText("repository"))) {
            throw SlipwayException.invalid(
                "repository",
                "repository '%s' is not configured under repositories",
                plugin.getText("repository"));
          }
        };
    String yaml =
        """
        repositories:
          manifests:
            url: /srv/git/manifests.git
        components: {api: {}}
        environments:
          staging:
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifest
                    file: helmfile/overrides/staging.env
                    key: API_DOCKER_TAG
        """;

    List<ConfigProblem> problems = rejected(new ConfigLoader(repositories), yaml).problems();

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                FILE,
                11,
                25,
                "environments.staging.components.api.targets[0].repository",
                "repository 'manifest' is not configured under repositories"));
  }

  @Test
  void placesAPluginValidatorErrorAtTheEntryWhenTheFieldIsNotWritten() {
    PluginValidator needsTimeout =
        (kind, plugin, config) -> {
          if (kind == PluginValidator.Kind.CHECK && plugin.findText("timeout").isEmpty()) {
            throw SlipwayException.invalid("timeout", "needs a timeout in this test");
          }
          if (kind == PluginValidator.Kind.TARGET && plugin.path().contains("production")) {
            throw SlipwayException.invalid(null, "production is refused as a whole");
          }
        };

    List<ConfigProblem> problems = rejected(new ConfigLoader(needsTimeout), GC_NOTIFY).problems();

    assertThat(problems)
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            where(GC_NOTIFY, "type: http")
                + " environments.staging.components.api.checks[0].timeout: needs a timeout in this"
                + " test",
            "37:13 environments.production.components.api.targets[0]: production is refused as a"
                + " whole");
  }

  @Test
  void handsEveryTargetAndCheckToThePluginValidatorWithItsKind() {
    List<String> seen = new ArrayList<>();
    new ConfigLoader((kind, plugin, config) -> seen.add(kind + " " + plugin.path()))
        .parse(GC_NOTIFY, FILE);

    assertThat(seen)
        .containsExactlyInAnyOrder(
            "TARGET environments.staging.components.api.targets[0]",
            "CHECK environments.staging.components.api.checks[0]",
            "TARGET environments.staging.components.admin.targets[0]",
            "TARGET environments.production.components.api.targets[0]");
  }

  @Test
  void leavesATypeTheSchemaDoesNotKnowToThePlugins() {
    String yaml =
        GC_NOTIFY
            .replace("type: http", "type: datadog")
            .replace(
                "url: https://api.staging.notification.cdssandbox.xyz/_status",
                "query: up{job=\"api\"}");

    List<ConfigProblem> problems = problems(yaml);

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                FILE,
                where(yaml, "datadog").line(),
                where(yaml, "datadog").column(),
                "environments.staging.components.api.checks[0].type",
                "unknown check type 'datadog'; known types: [http]"));
    assertThat(
            new ConfigLoader(PluginValidator.none())
                .parse(yaml, FILE)
                .getEnvironment(EnvironmentName.of("staging"))
                .getDeployment(ComponentName.of("api"))
                .checks()
                .get(0)
                .getText("query"))
        .isEqualTo("up{job=\"api\"}");
  }

  @Test
  void doesNotHideAPluginValidatorThatBreaks() {
    ConfigLoader broken =
        new ConfigLoader(
            (kind, plugin, config) -> {
              throw SlipwayException.internal("the plugin broke", null);
            });

    assertThatThrownBy(() -> broken.parse(GC_NOTIFY, FILE))
        .isExactlyInstanceOf(SlipwayException.class)
        .hasMessage("the plugin broke");
  }

  @Test
  void reportsYamlSyntaxErrorsWithLineAndColumn() {
    assertThat(problems("components:\n  api: {}\n\tadmin: {}\n"))
        .containsExactly(
            new ConfigProblem(FILE, 3, 1, "", "a tab character; YAML indents with spaces only"));
    assertThat(problems("components:\n  api: {}\n admin: {}\nenvironments: {}\n"))
        .containsExactly(
            new ConfigProblem(
                FILE, 3, 2, "", "the indentation of this line does not match the lines above it"));
    assertThat(problems("components:\n  api:\n    description: \"Notify API\n  admin: {}\n"))
        .containsExactly(
            new ConfigProblem(FILE, 3, 18, "", "a quoted value starts here and is never closed"));
    assertThat(problems("components: [api, admin\nenvironments: {}\n"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(2);
              assertThat(problem.message()).startsWith("not valid YAML: ");
            });
  }

  @Test
  void reportsDuplicateKeysWhereTheSecondOneIs() {
    String yaml =
        """
        components:
          api: {}
          admin: {}
          api: {description: again}
        environments:
          staging: {}
          staging: {}
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "4:3 components.api: duplicate key 'api'; it is already set on line 2",
            "7:3 environments.staging: duplicate key 'staging'; it is already set on line 6");
  }

  @Test
  void refusesAnEmptyFileAndATopLevelThatIsNotAMapping() {
    assertThat(problems(""))
        .containsExactly(
            new ConfigProblem(
                FILE,
                0,
                0,
                "",
                "the file is empty; it needs at least 'components' and 'environments'"));
    assertThat(problems("# nothing but a comment\n"))
        .extracting(ConfigProblem::message)
        .containsExactly("the file is empty; it needs at least 'components' and 'environments'");
    assertThat(problems("- api\n- admin\n"))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "slipway.yaml:1:1: the top level must be a mapping with 'repositories', 'components'"
                + " and 'environments', not a list");
    assertThat(problems("just some words\n"))
        .extracting(ConfigProblem::message)
        .containsExactly(
            "the top level must be a mapping with 'repositories', 'components' and"
                + " 'environments', not a single value");
  }

  @Test
  void refusesASecondDocumentAndYamlAliases() {
    assertThat(problems("components: {api: {}}\nenvironments: {dev: {}}\n---\ncomponents: {}\n"))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "slipway.yaml:4:1: a second YAML document starts here; the configuration is one document");

    String aliases =
        """
        components:
          api: &plain {}
          admin: *plain
        environments: {dev: {}}
        """;
    assertThat(problems(aliases))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "slipway.yaml:3:10: components.admin: YAML aliases (*plain) are not supported; write"
                + " the value out");
  }

  @Test
  void reportsEveryProblemTogetherInLineOrder() {
    String yaml =
        """
        environments:
          staging:
            policy: sometimes
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/staging.env
                    key: API_DOCKER_TAG
                    valeu: "{shortCommit}"
        components:
          api:
            descripton: Notify API
        repositories:
          manifests:
            pushAttempts: 0
        """;

    InvalidConfigException e = rejected(yaml);

    assertThat(located(e.problems()))
        .containsExactly(
            "3:13 environments.staging.policy",
            "11:13 environments.staging.components.api.targets[0].valeu",
            "14:5 components.api.descripton",
            "16:3 repositories.manifests.url",
            "17:19 repositories.manifests.pushAttempts");
    assertThat(e.getMessage()).startsWith("5 problems in the configuration:\nslipway.yaml:3:13: ");
  }

  private InvalidConfigException rejected(String yaml) {
    return rejected(loader, yaml);
  }

  private static InvalidConfigException rejected(ConfigLoader loader, String yaml) {
    try {
      SlipwayConfig config = loader.parse(yaml, FILE);
      throw new AssertionError(
          "expected the configuration to be refused, but it loaded: " + config);
    } catch (InvalidConfigException e) {
      return e;
    }
  }

  private List<ConfigProblem> problems(String yaml) {
    return rejected(yaml).problems();
  }

  /** Each problem as "line:column path", what a person uses to find it. */
  private static List<String> located(List<ConfigProblem> problems) {
    return problems.stream().map(p -> p.line() + ":" + p.column() + " " + p.path()).toList();
  }

  /** Where {@code snippet} is first written in {@code yaml}. */
  private static Where where(String yaml, String snippet) {
    int index = yaml.indexOf(snippet);
    assertThat(index).as("'%s' in the test file", snippet).isNotNegative();
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (yaml.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Where(line, index - lineStart + 1);
  }

  private record Where(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }
}
