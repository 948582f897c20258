package dev.slipway.target.git;

import static dev.slipway.target.git.GitTargets.entry;
import static dev.slipway.target.git.GitTargets.keyEntry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.Target;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitFileTargetTypeTest {
  @TempDir Path folder;

  private final GitFileTargetType type = new GitFileTargetType();
  private PluginContext context;

  @BeforeEach
  void configure() {
    context =
        GitTargets.context(
            folder,
            GitTargets.noSecrets(),
            new TestingClock(),
            repository("manifests"),
            repository("lambdas"));
  }

  private RepositoryConfig repository(String name) {
    return new RepositoryConfig(
        name,
        folder.resolve(name + ".git").toString(),
        "main",
        "x-access-token",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "Slipway",
        "slipway@localhost",
        5);
  }

  private SlipwayException invalid(PluginConfig config) {
    try {
      type.create(config, context);
    } catch (SlipwayException e) {
      assertThat(e.category()).isEqualTo(ErrorCategory.USER);
      assertThat(e.isTerminal()).isTrue();
      return e;
    }
    throw new AssertionError("accepted " + config.settings());
  }

  @Test
  void describesItselfAndWritesTheShortCommitByDefault() {
    Target target =
        type.create(keyEntry("helmfile/overrides/staging.env", "API_DOCKER_TAG"), context);

    assertThat(target.description())
        .isEqualTo("manifests:helmfile/overrides/staging.env API_DOCKER_TAG");
    assertThat(
            target.valueFor(
                ValueTemplateTest.build(
                    "f3d0498c1a2b3c4d5e6f708192a3b4c5d6e7f809", "1.0", Optional.empty())))
        .isEqualTo("f3d0498");
  }

  @Test
  void writesTheConfiguredValueTemplate() {
    Target target =
        type.create(
            entry(
                """
                type: git-file
                repository: manifests
                file: kustomize/staging/kustomization.yaml
                yamlPath: images[name=api].newTag
                value: "v{version}-{shortCommit}"
                """),
            context);

    assertThat(target.description())
        .isEqualTo("manifests:kustomize/staging/kustomization.yaml images[name=api].newTag");
    assertThat(
            target.valueFor(
                ValueTemplateTest.build(
                    "f3d0498c1a2b3c4d5e6f708192a3b4c5d6e7f809", "2026.03.2", Optional.empty())))
        .isEqualTo("v2026.03.2-f3d0498");
  }

  @Test
  void sharesOneDeployerPerRepository() {
    Target api = type.create(keyEntry("staging.env", "API_DOCKER_TAG"), context);
    Target admin = type.create(keyEntry("production.env", "ADMIN_DOCKER_TAG"), context);
    Target lambda =
        type.create(
            entry("type: git-file\nrepository: lambdas\nfile: heartbeat.env\nkey: HEARTBEAT_TAG\n"),
            context);

    assertThat(api.deployer()).isSameAs(admin.deployer()).isNotSameAs(lambda.deployer());
  }

  @Test
  void makesTargetsWithoutTouchingTheDisk() {
    type.create(keyEntry("staging.env", "API_DOCKER_TAG"), context);

    assertThat(context.dataDirectory()).doesNotExist();
  }

  @Test
  void isFoundByItsTypeName() {
    Target target =
        Plugins.discover().createTarget(keyEntry("staging.env", "API_DOCKER_TAG"), context);

    assertThat(target).isInstanceOf(GitFileTarget.class);
  }

  @Test
  void anUnknownRepositoryNamesTheConfiguredOnes() {
    SlipwayException e =
        invalid(entry("type: git-file\nrepository: manifest\nfile: a.env\nkey: A\n"));

    assertThat(e.field()).contains("repository");
    assertThat(e)
        .hasMessage("unknown repository 'manifest'; configured repositories: [lambdas, manifests]");
  }

  @Test
  void needsExactlyOneOfKeyAndYamlPath() {
    SlipwayException both =
        invalid(
            entry("type: git-file\nrepository: manifests\nfile: a.yaml\nkey: A\nyamlPath: a.b\n"));
    SlipwayException neither =
        invalid(entry("type: git-file\nrepository: manifests\nfile: a.yaml\n"));

    assertThat(both)
        .hasMessageContaining("exactly one of 'key'")
        .hasMessageEndingWith("it has both");
    assertThat(neither).hasMessageEndingWith("it has neither");
    assertThat(neither.field()).contains("key");
  }

  @Test
  void refusesFilesOutsideTheRepository() {
    for (String file :
        new String[] {
          "/etc/passwd",
          "../secrets.env",
          "helmfile/../../x.env",
          "a//b.env",
          "./a.env",
          ".git/config",
          "a\\\\b.env",
          "C:/a.env",
          "helmfile/"
        }) {
      SlipwayException e =
          invalid(entry("type: git-file\nrepository: manifests\nfile: \"" + file + "\"\nkey: A\n"));
      assertThat(e.field()).as(file).contains("file");
      assertThat(e.getMessage()).as(file).contains("file '");
    }
  }

  @Test
  void requiresRepositoryAndFile() {
    assertThat(invalid(entry("type: git-file\nfile: a.env\nkey: A\n")).field())
        .contains("repository");
    assertThat(invalid(entry("type: git-file\nrepository: manifests\nkey: A\n")))
        .hasMessage("'file' is required for a git-file target");
  }

  @Test
  void refusesUnknownSettingsAndSettingsThatAreNotText() {
    SlipwayException unknown =
        invalid(entry("type: git-file\nrepository: manifests\nfile: a.env\nkey: A\nbranch: x\n"));
    SlipwayException number =
        invalid(entry("type: git-file\nrepository: manifests\nfile: a.env\nkey: 12\n"));

    assertThat(unknown.field()).contains("branch");
    assertThat(unknown)
        .hasMessage(
            "unknown setting 'branch' of a git-file target; settings: [file, key, repository,"
                + " value, yamlPath]");
    assertThat(number.field()).contains("key");
    assertThat(number).hasMessage("'key' must be text, not a number");
  }

  @Test
  void reportsABadValueKeyOrPathAsThatSetting() {
    assertThat(
            invalid(
                    entry(
                        """
                        type: git-file
                        repository: manifests
                        file: a.env
                        key: A
                        value: "{sha}"
                        """))
                .field())
        .contains("value");
    assertThat(
            invalid(entry("type: git-file\nrepository: manifests\nfile: a.env\nkey: \"A B\"\n"))
                .field())
        .contains("key");
    assertThat(
            invalid(entry("type: git-file\nrepository: manifests\nfile: a.yaml\nyamlPath: a..b\n"))
                .field())
        .contains("yamlPath");
  }
}
