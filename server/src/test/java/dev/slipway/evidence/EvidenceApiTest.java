package dev.slipway.evidence;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import dev.slipway.testing.TestingServer.Answer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test evidence through the API and the command line, against a real server whose staging runs a
 * build deployed through the manifests repository.
 */
class EvidenceApiTest {
  static final String GOOD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  static final String REPORT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuite name="smoke" tests="4" failures="1" errors="0" skipped="1" time="0.44">
        <testcase classname="smoke" name="home page loads" time="0.12"/>
        <testcase classname="smoke" name="sign-in works" time="0.24">
          <failure message="expected status 200 but was 502" type="AssertionError">\
      AssertionError: expected status 200 but was 502
          at signIn (smoke.js:12)</failure>
        </testcase>
        <testcase classname="smoke" name="status endpoint answers" time="0.08"/>
        <testcase classname="smoke" name="sends an email" time="0"><skipped/></testcase>
      </testsuite>
      """;

  @TempDir Path directory;

  private TestingServer server;
  private Path tokenFile;

  @BeforeEach
  void start() throws IOException {
    server = TestingServer.start(directory, TestDatabase.H2, TestingServer.Timings.fast());
    tokenFile = Files.writeString(directory.resolve("token"), server.token() + "\n");
    long promotion =
        server.post("api/v1/builds", TestingServer.build("api", GOOD)).json().path("id").asLong();
    assertThat(promotion).isNotNegative();
    JsonNode promotions = server.get("api/v1/promotions?environment=staging").json();
    server.awaitPromotion(
        promotions.get(0).get("id").asLong(),
        TestingServer.phase("SUCCEEDED"),
        Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Answer upload(String query, byte[] body, String token) {
    return server.send(
        HttpRequest.newBuilder(server.url().resolve("api/v1/evidence?" + query))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        token);
  }

  /** Uploaded runs: those of every suite but the checks Slipway records of its promotions. */
  private int countRuns() {
    return server.get("api/v1/evidence?environment=staging").json().size()
        - server.get("api/v1/evidence?environment=staging&suite=checks").json().size();
  }

  @Test
  void storesAnUploadAgainstTheBuildRunningInTheEnvironmentAndShowsItsFailures() {
    Answer stored =
        upload(
            "environment=staging&suite=smoke&format=junit" + "&url=https://ci.example.org/runs/7",
            REPORT.getBytes(UTF_8),
            server.token());

    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    JsonNode run = stored.json();
    assertThat(run.get("verdict").asText()).isEqualTo("failed");
    assertThat(run.get("tests").asInt()).isEqualTo(4);
    assertThat(run.get("failed").asInt()).isEqualTo(1);
    assertThat(run.get("straddled").asBoolean()).isFalse();
    assertThat(run.get("builds").findValuesAsText("shortName")).containsExactly("api@a1b2c3d");
    assertThat(run.get("page").asText()).isEqualTo("/evidence/" + run.get("id").asLong());

    JsonNode detail = server.get("api/v1/evidence/" + run.get("id").asLong()).json();
    assertThat(detail.get("failedCases")).hasSize(1);
    assertThat(detail.get("failedCases").get(0).get("message").asText())
        .isEqualTo("expected status 200 but was 502");
    assertThat(detail.get("slowestCases").get(0).get("durationMillis").asLong()).isEqualTo(240);
    assertThat(server.get("api/v1/evidence?environment=staging&suite=smoke").json())
        .extracting(node -> node.get("id").asLong())
        .containsExactly(run.get("id").asLong());
  }

  @Test
  void aRunThatStartedBeforeTheLastDeployIsMarkedStraddledAndSaysWhy() {
    String started = java.time.Instant.now().minus(Duration.ofHours(1)).toString();

    Answer stored =
        upload(
            "environment=staging&suite=smoke&format=junit&startedAt=" + started,
            "<testsuite name=\"smoke\"><testcase name=\"home\"/></testsuite>".getBytes(UTF_8),
            server.token());

    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    assertThat(stored.json().get("verdict").asText()).isEqualTo("straddled");
    assertThat(stored.json().get("straddleReason").asText()).contains("put api@a1b2c3d in staging");
    assertThat(stored.json().get("builds")).as("nothing ran before the first deploy").isEmpty();
  }

  @Test
  void aMalformedUploadIsRefusedWithItsLineAndColumnAndStoresNothing() {
    Answer refused =
        upload(
            "environment=staging&suite=smoke&format=junit",
            "<testsuite name=\"smoke\">\n  <testcase name=\"a\"></testsuit>\n".getBytes(UTF_8),
            server.token());

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().get("detail").asText()).contains("line 2");
    assertThat(countRuns()).isZero();
  }

  @Test
  void uploadsNeedATokenAndNameAKnownFormatAndEnvironment() {
    Answer anonymous =
        upload("environment=staging&suite=smoke&format=junit", REPORT.getBytes(UTF_8), null);
    Answer unknownFormat =
        upload(
            "environment=staging&suite=smoke&format=tap", REPORT.getBytes(UTF_8), server.token());
    Answer unknownEnvironment =
        upload("environment=qa&suite=smoke&format=junit", REPORT.getBytes(UTF_8), server.token());

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(unknownFormat.status()).isEqualTo(422);
    assertThat(unknownFormat.json().get("detail").asText())
        .startsWith("there is no report format 'tap'");
    assertThat(unknownEnvironment.status()).isEqualTo(422);
    assertThat(countRuns()).isZero();
  }

  @Test
  void anUploadWithoutAFormatIsReadInTheFormatItsFirstBytesShow() {
    String locust =
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min"
            + " Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,"
            + "66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
            + "GET,/api/orders,100,0,200,250,10,900,50,10,0,200,220,240,260,400,800,850,880,900,"
            + "900,900\n"
            + ",Aggregated,100,0,200,250,10,900,50,10,0,200,220,240,260,400,800,850,880,900,900,"
            + "900\n";

    Answer load = upload("environment=staging&suite=load", locust.getBytes(UTF_8), server.token());
    Answer smoke =
        upload("environment=staging&suite=smoke", REPORT.getBytes(UTF_8), server.token());
    Answer unknown =
        upload("environment=staging&suite=smoke", "ok 1 - home\n".getBytes(UTF_8), server.token());

    assertThat(load.status()).as(load.body()).isEqualTo(201);
    assertThat(load.json().get("format").asText()).isEqualTo("locust");
    assertThat(smoke.status()).as(smoke.body()).isEqualTo(201);
    assertThat(smoke.json().get("format").asText()).isEqualTo("junit");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("detail").asText())
        .startsWith("the report's format cannot be told from its start ('ok 1 - home')");
    assertThat(countRuns()).isEqualTo(2);
  }

  @Test
  void streamsAnUploadLargerThanTheApisRequestLimitAndGivesTheRawReportBack() throws IOException {
    // Blank lines pad the report past the 10 MB that JSON request bodies are held to.
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write("<testsuite name=\"smoke\">\n".getBytes(UTF_8));
    byte[] padding = new byte[1024 * 1024];
    Arrays.fill(padding, (byte) '\n');
    for (int i = 0; i < 12; i++) {
      body.write(padding);
      body.write(("<testcase classname=\"smoke\" name=\"case " + i + "\"/>").getBytes(UTF_8));
    }
    body.write("</testsuite>\n".getBytes(UTF_8));
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      body.writeTo(gzip);
    }

    Answer stored =
        server.send(
            HttpRequest.newBuilder(
                    server
                        .url()
                        .resolve("api/v1/evidence?environment=staging&suite=smoke&format=junit"))
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())),
            server.token());

    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    assertThat(stored.json().get("tests").asInt()).isEqualTo(12);
    assertThat(stored.json().get("rawBytes").asLong()).isEqualTo(body.size());
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    server.slipway().evidence().runs().copyRawReport(stored.json().get("id").asLong(), raw);
    try (GZIPInputStream unzipped =
        new GZIPInputStream(new ByteArrayInputStream(raw.toByteArray()))) {
      assertThat(unzipped.readAllBytes()).isEqualTo(body.toByteArray());
    }
  }

  /** What a command printed and how it exited. */
  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private Run cli(String... args) {
    List<String> line = new ArrayList<>(Arrays.asList(args));
    line.add("--server");
    line.add(server.url().toString());
    line.add("--token-file");
    line.add(tokenFile.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        SlipwayCommand.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new));
    return new Run(exitCode, out.toString().replace("\r\n", "\n"), err.toString());
  }

  @Test
  void uploadsListsAndShowsRunsFromTheCommandLine() throws IOException {
    Path report = Files.writeString(directory.resolve("TEST-smoke.xml"), REPORT);

    Run upload =
        cli(
            "evidence",
            "upload",
            "--env",
            "staging",
            "--suite",
            "smoke",
            "--file",
            report.toString(),
            "--url",
            "https://ci.example.org/runs/8",
            "--build",
            "api@" + GOOD);
    Run list = cli("evidence", "list", "--env", "staging");
    // Run 1 holds the checks of the promotion that deployed the build.
    Run show = cli("evidence", "show", "2");

    assertThat(upload.exitCode()).as(upload.toString()).isZero();
    assertThat(upload.lines())
        .containsExactly(
            "Stored test run 2: smoke in staging failed (2 passed, 1 failed, 1 skipped of 4) on"
                + " api@a1b2c3d",
            "Report: " + server.url() + "evidence/2");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.lines().get(0)).startsWith("ID").contains("VERDICT");
    assertThat(list.lines().get(1))
        .contains("smoke", "failed", "2 passed, 1 failed, 1 skipped of 4", "api@a1b2c3d");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out())
        .contains("Test run 2: smoke in staging, failed")
        .contains("CI run:   https://ci.example.org/runs/8")
        .contains("  FAILED  smoke › sign-in works  240 ms\n      expected status 200 but was 502")
        .contains("Slowest cases:\n  smoke › sign-in works  240 ms");
  }

  @Test
  void aPromotionsChecksAreListedAndShownAsARunOfTheChecksSuite() {
    Run list = cli("evidence", "list", "--env", "staging", "--suite", "checks");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.lines()).hasSize(2);
    assertThat(list.lines().get(1)).contains("checks", "passed", "1 passed of 1", "api@a1b2c3d");
    JsonNode run = server.get("api/v1/evidence?environment=staging&suite=checks").json().get(0);
    long id = run.get("id").asLong();
    assertThat(list.lines().get(1)).startsWith(id + " ");
    assertThat(run.get("ciUrl").asText()).startsWith("/api/v1/promotions/");
    Answer page = server.get("evidence/" + id);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("checks in staging, run " + id);
  }

  @Test
  void theCommandLineSaysWhichRunIsMissing() {
    Run show = cli("evidence", "show", "42");

    assertThat(show.exitCode()).isEqualTo(3);
    assertThat(show.err()).contains("test run 42 does not exist");
  }
}
