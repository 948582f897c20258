package dev.slipway.release;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static dev.slipway.testing.TestingPipeline.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.ApiServer;
import dev.slipway.build.CommitSha;
import dev.slipway.certification.CertifyRequest;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * A release behind what production runs, read through the API of a real server and the command
 * line: blocked with the command and the role that approve it, then, once {@code slipway approve}
 * ran, approved by whom, when and why, as the certification gate itself answers.
 */
class DowngradeApprovalApiTest {
  private static final Actor CAROL = Actor.person("Carol", "carol@example.com");
  private static final Actor OPS = Actor.person("Ops Lead", "ops@example.com");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private final TestingClock clock = new TestingClock();
  private TestingSourceRepository source;
  private TestingPipeline pipeline;
  private ApiServer api;
  private CommitSha base;
  private CommitSha head;
  private Promotion downgrade;
  private long release;

  @BeforeEach
  void setUp() {
    source = TestingSourceRepository.create(directory.resolve("api.git"));
    base = commit("Alice", "alice@example.com", "Start the API");
    pipeline =
        TestingPipeline.startWithGates(
            directory,
            TestDatabase.H2,
            clock,
            "automatic",
            Map.of(API, source.directory()),
            "[{type: certification}]",
            "  downgradeRole: ops-lead\nroles:\n  ops-lead: [ops@example.com]\n");
    pipeline.verifyInStaging(API, base);
    pipeline.verifyInProduction(pipeline.promotions(PRODUCTION).get(0));
    head = commit("Carol", "carol@example.com", "Retry failed sends (#13)");
    pipeline.verifyInStaging(API, head);
    Promotion forward = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();
    pipeline
        .slipway()
        .certifications()
        .certify(forward.release().orElseThrow(), CAROL, CertifyRequest.certify());
    pipeline.run();
    pipeline.verifyInProduction(forward);
    pipeline
        .slipway()
        .engine()
        .requests()
        .rollback(STAGING, OPS, Optional.of("sends fail in staging"));
    pipeline.run();
    pipeline.report(STAGING, API, base);
    pipeline.advance(Duration.ofSeconds(10));
    pipeline.advance(TestingPipeline.BAKE_TIME);
    downgrade = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();
    release = downgrade.release().orElseThrow();
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
  void theReleaseShowsItsDowngradeBlockedNamingTheCommandAndTheRole() {
    JsonNode certification = get("api/v1/releases/" + release).get("certification");

    String blocked =
        downgradeOf()
            + ": a downgrade needs an explicit approval: slipway approve "
            + downgrade.id()
            + " --reason TEXT, by a holder of role ops-lead (ops@example.com)";
    assertThat(certification.get("verdict").asText()).isEqualTo("BLOCK");
    assertThat(certification.get("summary").asText()).isEqualTo(blocked);
    assertThat(certification.get("promotion").asLong()).isEqualTo(downgrade.id());
    assertThat(certification.get("downgradeApprovals")).isEmpty();
    assertThat(certification.get("changeSets").get(0).get("direction").asText())
        .isEqualTo("DOWNGRADE");
    Run show = client("ops@example.com", "release", "show", String.valueOf(release));
    assertThat(show.out()).contains("  certification: block (" + blocked + ")\n");
  }

  @Test
  void theReleaseShowsTheApprovedDowngradeWithWhoApprovedItWhenAndWhyAfterSlipwayApprove() {
    clock.advance(Duration.ofMinutes(5));

    Run approve =
        client(
            "ops@example.com",
            "approve",
            String.valueOf(downgrade.id()),
            "--reason",
            "retry is broken");
    assertThat(approve.exitCode()).as(approve.toString()).isZero();

    JsonNode approval = get("api/v1/promotions/" + downgrade.id() + "/approvals").get(0);
    String at = approval.get("at").asText();
    JsonNode certification = get("api/v1/releases/" + release).get("certification");
    String approved =
        downgradeOf()
            + "; downgrade approved by "
            + approval.get("approvedBy").get("name").asText()
            + " <ops@example.com> at "
            + at
            + " (\"retry is broken\"); 1 of 1 owners certified";
    assertThat(certification.get("verdict").asText()).isEqualTo("PASS");
    assertThat(certification.get("summary").asText()).isEqualTo(approved);
    assertThat(certification.get("promotion").asLong()).isEqualTo(downgrade.id());
    assertThat(certification.get("downgradeApprovals"))
        .singleElement()
        .satisfies(
            lifting -> {
              assertThat(lifting.get("approvedBy").get("email").asText())
                  .isEqualTo("ops@example.com");
              assertThat(lifting.get("reason").asText()).isEqualTo("retry is broken");
              assertThat(lifting.get("at").asText()).isEqualTo(at);
            });
    assertThat(text("api/v1/releases/" + release + "/notes"))
        .contains("## Gates\n\n- certification: pass (" + approved + ")\n");
    Run show = client("ops@example.com", "release", "show", String.valueOf(release));
    assertThat(show.out()).contains("  certification: pass (" + approved + ")\n");
  }

  private String downgradeOf() {
    return "api would go back from "
        + head.shortSha()
        + " to "
        + base.shortSha()
        + ", removing 1 commit(s)";
  }

  private JsonNode get(String path) {
    try {
      return JSON.readTree(text(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String text(String path) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url() + path))
                      .header("Authorization", "Bearer " + token("ops@example.com"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String url() {
    return "http://127.0.0.1:" + api.port() + "/";
  }

  private String token(String email) {
    return pipeline
        .slipway()
        .identities()
        .createToken(email.substring(0, email.indexOf('@')), email, "test", Optional.empty())
        .secret();
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
      throw new UncheckedIOException(e);
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
