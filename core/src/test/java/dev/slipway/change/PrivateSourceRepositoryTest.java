package dev.slipway.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingGitHttpServer;
import dev.slipway.testing.TestingGitRemote;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component whose source is a private repository over HTTPS, named under repositories. */
class PrivateSourceRepositoryTest {
  private static final ComponentName API = ComponentName.of("api");
  private static final String TOKEN = "ghp_source-token";

  @TempDir Path folder;

  private TestingGitRemote remote;
  private TestingGitHttpServer server;
  private SlipwayConfig config;

  @BeforeEach
  void serve() {
    remote =
        TestingGitRemote.create(
            folder.resolve("remote/notification-api.git"), "main", Map.of("app.py", "v1\n"));
    server = TestingGitHttpServer.start(remote, "x-access-token", TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void fetchesWithTheTokenOfTheNamedRepository() {
    String running = remote.head();
    String release = remote.commitAsSomeoneElse("Add the send endpoint (#5)", Map.of("a", "1"));

    try (ComponentSources sources = sources(name -> Optional.of(TOKEN))) {
      ChangeSet changes =
          new ChangeSets(config, sources)
              .between(API, Optional.of(CommitSha.of(running)), CommitSha.of(release));

      assertThat(changes.direction()).isEqualTo(ChangeDirection.FORWARD);
      assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(release);
      assertThat(changes.commits().get(0).pullRequest()).contains(5);
    }
    assertThat(server.unauthorizedRequests()).isPositive();
  }

  @Test
  void aRefusedTokenIsAFetchFailureNamingTheComponentAndTheRepository() {
    String running = remote.head();
    String release = remote.commitAsSomeoneElse("Add the send endpoint", Map.of("a", "1"));

    try (ComponentSources sources = sources(name -> Optional.of("wrong-token"))) {
      ChangeSets changeSets = new ChangeSets(config, sources);

      assertThatThrownBy(
              () ->
                  changeSets.between(
                      API, Optional.of(CommitSha.of(running)), CommitSha.of(release)))
          .isInstanceOfSatisfying(
              SlipwayException.class,
              e -> assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL))
          .hasMessageStartingWith(
              "fetch of repository " + server.url() + " for component api failed: ")
          .hasMessageNotContaining("wrong-token");
    }
  }

  @Test
  void aTokenVariableThatIsNotSetIsNamed() {
    String running = remote.head();
    String release = remote.commitAsSomeoneElse("Add the send endpoint", Map.of("a", "1"));

    try (ComponentSources sources = sources(name -> Optional.empty())) {
      ChangeSets changeSets = new ChangeSets(config, sources);

      assertThatThrownBy(
              () ->
                  changeSets.between(
                      API, Optional.of(CommitSha.of(running)), CommitSha.of(release)))
          .isInstanceOfSatisfying(
              SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
          .hasMessageContaining("SOURCE_TOKEN");
    }
  }

  private ComponentSources sources(Secrets secrets) {
    RepositoryConfig repository =
        new RepositoryConfig(
            "notification-api",
            server.url(),
            "main",
            "x-access-token",
            Optional.of("SOURCE_TOKEN"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "Slipway",
            "slipway@example.org",
            1);
    config =
        new SlipwayConfig(
            folder.resolve("slipway.yaml"),
            Map.of("notification-api", repository),
            Map.of(
                API, new ComponentConfig(API, Optional.of("notification-api"), Optional.empty())),
            Map.of());
    return new ComponentSources(config, folder.resolve("data"), secrets);
  }
}
