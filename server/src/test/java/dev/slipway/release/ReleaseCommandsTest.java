package dev.slipway.release;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.ApiServer;
import dev.slipway.build.CommitSha;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.identity.IssuedToken;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases through the command line and the API of a real server: listing and showing a release,
 * certifying one's own commits (and being refused someone else's), the pending view, release notes,
 * and promoting a release by hand.
 */
class ReleaseCommandsTest {
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingSourceRepository source;
  private TestingPipeline pipeline;
  private ApiServer api;
  private CommitSha head;
  private long release;

  @BeforeEach
  void setUp() {
    source = TestingSourceRepository.create(directory.resolve("api.git"));
    CommitSha base = commit("Alice", "alice@example.com", "Start the API");
    pipeline =
        TestingPipeline.start(
            directory, TestDatabase.H2, clock, "manual", Map.of(API, source.directory()), "");
    pipeline.verifyInStaging(API, base);
    Promotion first =
        pipeline.slipway().releases().promote(openRelease(), actorOps(), Optional.empty());
    pipeline.run();
    pipeline.verifyInProduction(first);
    head =
        commit(
            "Alice",
            "alice@example.com",
            "Limit the rate of sends (#12)\n\nCo-authored-by: Bob <bob@example.com>\n");
    pipeline.verifyInStaging(API, head);
    release = openRelease();
    api = ApiServer.start(pipeline.slipway(), "127.0.0.1", 0);
  }

  @AfterEach
  void tearDown() {
    if (api != null) {
      api.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void listsAndShowsTheOpenReleaseWithItsOwners() {
    Run list = client("alice@example.com", "release", "list", "--env", "production");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out())
        .contains(release + "   production   open")
        .contains("api@" + head.shortSha());

    Run show = client("alice@example.com", "release", "show", String.valueOf(release));
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out())
        .contains("Release " + release + " to production (open)")
        .contains(
            "  certification: wait (0 of 2 owners certified; waiting on alice@example.com,"
                + " bob@example.com)")
        .contains(head.shortSha() + "  Limit the rate of sends (#12)")
        .contains("      bob@example.com: not certified yet");
  }

  @Test
  void certifiesOnlyTheCallersOwnCommits() {
    Run forged = client("eve@example.com", "certify", String.valueOf(release));
    assertThat(forged.exitCode()).as(forged.toString()).isEqualTo(5);
    assertThat(forged.err())
        .startsWith(
            "error: eve@example.com owns no commit in release "
                + release
                + "; one can only certify one's own commits. Its owners are: alice@example.com,"
                + " bob@example.com");

    Run alice = client("alice@example.com", "certify", String.valueOf(release));
    assertThat(alice.exitCode()).as(alice.toString()).isZero();
    assertThat(alice.out())
        .isEqualTo(
            "Release "
                + release
                + ": certified. 1 of 2 owners certified; waiting on bob@example.com\n");

    Run hold = client("bob@example.com", "certify", String.valueOf(release), "--hold", "not yet");
    assertThat(hold.out()).contains(": held. ");
    Run pending = client("alice@example.com", "pending", "--env", "production");
    assertThat(pending.exitCode()).as(pending.toString()).isZero();
    assertThat(pending.out())
        .contains("production   release " + release + " (api@" + head.shortSha() + ")")
        .contains("1 of 2 owners certified; waiting on bob@example.com");
  }

  @Test
  void writesReleaseNotesAndServesThemAsMarkdown() throws Exception {
    Run notes = client("alice@example.com", "release", "notes", String.valueOf(release));
    assertThat(notes.exitCode()).as(notes.toString()).isZero();
    assertThat(notes.out())
        .startsWith("# Release " + release + " to production\n")
        .contains("- #12 Limit the rate of sends (#12)");

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url() + "api/v1/releases/" + release + "/notes"))
                    .header("Authorization", "Bearer " + token("alice@example.com"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/markdown"));
    assertThat(response.body()).isEqualTo(notes.out());
  }

  @Test
  void promotesAReleaseByHandAndRefusesACutWithNothingNew() {
    Run cut =
        client("ops@example.com", "release", "cut", "--to", "production", "--from", "staging");
    assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(4);
    assertThat(cut.err()).contains("already holds every build staging verified");

    Run promote =
        client(
            "ops@example.com",
            "promote",
            "--env",
            "production",
            "--release",
            String.valueOf(release));
    assertThat(promote.exitCode()).as(promote.toString()).isZero();
    Promotion promotion = pipeline.promotions(PRODUCTION).get(0);
    assertThat(promotion.release()).contains(release);
    assertThat(promotion.phase()).isEqualTo(PromotionPhase.PENDING);
  }

  private long openRelease() {
    return pipeline
        .slipway()
        .releases()
        .repository()
        .listReleases(Optional.of(PRODUCTION), 1)
        .get(0)
        .id();
  }

  private static dev.slipway.identity.Actor actorOps() {
    return dev.slipway.identity.Actor.person("Ops Lead", "ops@example.com");
  }

  private String url() {
    return "http://127.0.0.1:" + api.port() + "/";
  }

  private String token(String email) {
    IssuedToken token =
        pipeline
            .slipway()
            .identities()
            .createToken(email.substring(0, email.indexOf('@')), email, "test", Optional.empty());
    return token.secret();
  }

  private Run client(String email, String... args) {
    try {
      Path tokenFile = Files.createTempFile(directory, "token", ".txt");
      Files.writeString(tokenFile, token(email) + "\n");
      List<String> line = new ArrayList<>(Arrays.asList(args));
      line.add("--server");
      line.add(url());
      line.add("--token-file");
      line.add(tokenFile.toString());
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exitCode =
          SlipwayCommand.execute(
              new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new));
      return new Run(exitCode, out.toString(), err.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private CommitSha commit(String name, String email, String message) {
    return CommitSha.of(source.commit(TestingSourceRepository.person(name, email), message).push());
  }
}
