package dev.slipway.target.git;

import static dev.slipway.target.git.GitRepositoryDeployerTest.API;
import static dev.slipway.target.git.GitRepositoryDeployerTest.STAGING_ENV;
import static dev.slipway.target.git.GitTargets.keyEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.PluginContext;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.config.Secrets;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitHttpServer;
import dev.slipway.testing.TestingGitRemote;
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

/** Pushing over git's smart HTTP protocol with a token, as to GitHub with a deploy token. */
class GitHttpRemoteTest {
  private static final String TOKEN = "ghs_s3cretT0ken";

  @TempDir Path folder;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestingGitRemote remote;
  private TestingGitHttpServer server;

  @BeforeEach
  void serve() {
    remote =
        TestingGitRemote.create(
            folder.resolve("remote/manifests.git"),
            "main",
            Map.of(STAGING_ENV, EnvKeyLocatorTest.STAGING_ENV));
    server = TestingGitHttpServer.start(remote, "x-access-token", TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RepositoryConfig repository(Optional<String> tokenEnv, Optional<String> tokenFile) {
    return new RepositoryConfig(
        "manifests",
        server.url(),
        "main",
        "x-access-token",
        tokenEnv,
        tokenFile,
        Optional.empty(),
        Optional.empty(),
        "Slipway",
        "slipway@example.org",
        3);
  }

  private AppliedOperation deploy(RepositoryConfig repository, Secrets secrets) {
    PluginContext context = GitTargets.context(folder, secrets, new TestingClock(), repository);
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

  private static Secrets variable(String name, String value) {
    return asked -> asked.equals(name) ? Optional.of(value) : Optional.empty();
  }

  private String deployedTag() {
    return ValueLocator.envKey("API_DOCKER_TAG").read(remote.readFile(STAGING_ENV)).orElseThrow();
  }

  @Test
  void pushesWithTheTokenFromAnEnvironmentVariable() {
    AppliedOperation applied =
        deploy(
            repository(Optional.of("MANIFESTS_TOKEN"), Optional.empty()),
            variable("MANIFESTS_TOKEN", TOKEN));

    assertThat(applied.reference()).contains(remote.head());
    assertThat(deployedTag()).isEqualTo("f3d0498");
    assertThat(remote.messages().get(0))
        .isEqualTo("Deploy api@f3d0498 to staging\n\nSlipway-Operation: promotion-12-deploy\n");
    assertThat(server.pushesReceived()).isEqualTo(1);
    assertThat(server.unauthorizedRequests())
        .as("the server asked for credentials, so the token was really sent on demand")
        .isPositive();
  }

  @Test
  void pushesWithTheTokenFromAFileNextToTheConfiguration() throws Exception {
    Files.createDirectories(folder.resolve("secrets"));
    Files.writeString(folder.resolve("secrets/manifests-token"), TOKEN + "\n");

    deploy(
        repository(Optional.empty(), Optional.of("secrets/manifests-token")),
        GitTargets.noSecrets());

    assertThat(deployedTag()).isEqualTo("f3d0498");
  }

  @Test
  void aMissingTokenVariableIsNamedAndNothingIsPushed() {
    assertThatThrownBy(
            () ->
                deploy(
                    repository(Optional.of("MANIFESTS_TOKEN"), Optional.empty()),
                    GitTargets.noSecrets()))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).isTrue();
              assertThat(e.field()).contains("tokenEnv");
            })
        .hasMessage(
            "environment variable MANIFESTS_TOKEN, named by tokenEnv of repository manifests, is"
                + " not set or is empty");
    assertThat(server.pushesReceived()).isZero();
    assertThat(remote.commitCount()).isEqualTo(1);
  }

  @Test
  void aMissingTokenFileIsNamedAndNothingIsPushed() {
    Path missing = folder.resolve("secrets/absent-token");

    assertThatThrownBy(
            () ->
                deploy(
                    repository(Optional.empty(), Optional.of("secrets/absent-token")),
                    GitTargets.noSecrets()))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.field()).contains("tokenFile"))
        .hasMessageStartingWith(
            "token file "
                + missing
                + ", named by tokenFile of repository manifests, cannot be read");
    assertThat(server.pushesReceived()).isZero();
  }

  @Test
  void aWrongTokenIsAnExternalErrorAndNothingIsPushed() {
    assertThatThrownBy(
            () ->
                deploy(
                    repository(Optional.of("MANIFESTS_TOKEN"), Optional.empty()),
                    variable("MANIFESTS_TOKEN", "expired")))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL))
        .hasMessageStartingWith(
            "fetch from "
                + server.url()
                + " branch main for promotion-12-deploy failed after 3"
                + " attempts:")
        .hasMessageContaining("not authorized");
    assertThat(server.pushesReceived()).isZero();
    assertThat(remote.commitCount()).isEqualTo(1);
  }

  @Test
  void aProtectedBranchRefusesEveryAttemptWithTheRemotesMessage() {
    server.refusePushes("changes to main need an approved pull request");

    assertThatThrownBy(
            () ->
                deploy(
                    repository(Optional.of("MANIFESTS_TOKEN"), Optional.empty()),
                    variable("MANIFESTS_TOKEN", TOKEN)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL);
              assertThat(e.isTerminal()).isTrue();
            })
        .hasMessage(
            "push to "
                + server.url()
                + " branch main for promotion-12-deploy rejected after 3 attempts: changes to main"
                + " need an approved pull request; remote said: branch main is protected");
    assertThat(server.pushesReceived()).isEqualTo(3);
    assertThat(remote.commitCount()).isEqualTo(1);
    assertThat(log.stream().filter(line -> line.startsWith("push rejected"))).hasSize(3);
  }
}
