package dev.slipway.target.git;

import static dev.slipway.target.git.GitRepositoryDeployerTest.API;
import static dev.slipway.target.git.GitRepositoryDeployerTest.STAGING_ENV;
import static dev.slipway.target.git.GitTargets.keyEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.PluginContext;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingGitSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushing over SSH with a deploy key and a known-hosts file, as to a git host's SSH endpoint. */
class GitSshRemoteTest {
  @TempDir Path folder;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestingGitRemote remote;
  private TestingGitSshServer server;

  @BeforeEach
  void serve() {
    remote =
        TestingGitRemote.create(
            folder.resolve("remote/manifests.git"),
            "main",
            Map.of(STAGING_ENV, EnvKeyLocatorTest.STAGING_ENV));
    server = TestingGitSshServer.start(remote, folder.resolve("keys"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RepositoryConfig repository(String key, String knownHosts) {
    return new RepositoryConfig(
        "manifests",
        server.url(),
        "main",
        "x-access-token",
        Optional.empty(),
        Optional.empty(),
        Optional.of(key),
        Optional.of(knownHosts),
        "Slipway",
        "slipway@example.org",
        2);
  }

  private AppliedOperation deploy(RepositoryConfig repository) {
    PluginContext context =
        GitTargets.context(folder, GitTargets.noSecrets(), new TestingClock(), repository);
    GitFileTarget api =
        (GitFileTarget)
            new GitFileTargetType().create(keyEntry(STAGING_ENV, "API_DOCKER_TAG"), context);
    return api.deployer()
        .apply(
            new DeployOperation(
                "promotion-12-deploy",
                "Deploy api@f3d0498 to staging",
                "",
                List.of(new TargetChange(API, api, "f3d0498")),
                log::add));
  }

  @Test
  void pushesWithTheDeployKeyToAKnownHost() {
    AppliedOperation applied =
        deploy(repository(server.clientKey().toString(), server.knownHosts().toString()));

    assertThat(applied.reference()).contains(remote.head());
    assertThat(ValueLocator.envKey("API_DOCKER_TAG").read(remote.readFile(STAGING_ENV)))
        .contains("f3d0498");
  }

  @Test
  void readsKeyAndKnownHostsRelativeToTheConfiguration() {
    deploy(repository("keys/id_ecdsa", "keys/known_hosts"));

    assertThat(remote.commitCount()).isEqualTo(2);
  }

  @Test
  void refusesAHostWhoseKeyIsNotTheKnownOne() throws Exception {
    Path impostor = folder.resolve("impostor_known_hosts");
    Files.writeString(impostor, server.impostorHostLine());

    assertThatThrownBy(() -> deploy(repository(server.clientKey().toString(), impostor.toString())))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL))
        .hasMessageStartingWith(
            "fetch from " + server.url() + " branch main for promotion-12-deploy failed after 2");
    assertThat(server.commandsRun()).isZero();
    assertThat(remote.commitCount()).isEqualTo(1);
  }

  @Test
  void aMissingKeyFileIsNamed() {
    Path missing = folder.resolve("keys/id_missing");

    assertThatThrownBy(() -> deploy(repository(missing.toString(), server.knownHosts().toString())))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).isTrue();
              assertThat(e.field()).contains("sshKeyFile");
            })
        .hasMessage(
            "SSH key file "
                + missing
                + ", named by sshKeyFile of repository manifests, does not exist or cannot be"
                + " read");
    assertThat(server.commandsRun()).isZero();
  }
}
