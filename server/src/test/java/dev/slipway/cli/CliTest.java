package dev.slipway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import dev.slipway.audit.AuditLog;
import dev.slipway.component.ComponentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.identity.Identities;
import dev.slipway.identity.User;
import dev.slipway.storage.Database;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code slipway} command line as a person or a CI job runs it: against a real server through
 * {@code --server} and {@code --token-file}, reading what it prints and the exit code it returns.
 */
class CliTest {
  private static final String GOOD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final String OTHER = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
  private static final String BAD = "badc0de4e5f60718293a4b5c6d7e8f9012345678";

  @TempDir Path directory;

  private TestingServer server;
  private Path tokenFile;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** What a command printed and how it exited. */
  private record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }

    JsonNode json() {
      try {
        return Json.mapper().readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private static Run slipway(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exitCode, out.toString().replace("\r\n", "\n"), err.toString());
  }

  private TestingServer server() {
    return server(TestingServer.Timings.fast());
  }

  private TestingServer server(TestingServer.Timings timings) {
    server = TestingServer.start(directory, TestDatabase.H2, timings);
    tokenFile = write("token", server.token() + "\n");
    return server;
  }

  /** Runs a client command against the test server with the test user's token file. */
  private Run client(String... args) {
    List<String> line = new ArrayList<>(Arrays.asList(args));
    line.add("--server");
    line.add(server.url().toString());
    line.add("--token-file");
    line.add(tokenFile.toString());
    return slipway(line.toArray(String[]::new));
  }

  @Test
  void registersABuildAndSaysWhetherItWasNew() {
    server();

    Run first = client("build", "register", "--component", "api", "--commit", GOOD);
    Run again = client("build", "register", "--component", "api", "--commit", GOOD);

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.outLines()).containsExactly("Registered api@a1b2c3d (build 1)");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.outLines()).containsExactly("Already registered api@a1b2c3d (build 1)");
  }

  @Test
  void printsTheRegisteredBuildAsJsonForScripts() {
    server();

    Run run =
        client(
            "build",
            "register",
            "--component",
            "admin",
            "--commit",
            GOOD,
            "--image",
            "ghcr.io/cds-snc/notify-admin:a1b2c3d",
            "--url",
            "https://github.com/cds-snc/notification-admin/actions/runs/1",
            "--output",
            "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode answer = run.json();
    assertThat(answer.get("created").asBoolean()).isTrue();
    assertThat(answer.get("build").get("component").asText()).isEqualTo("admin");
    assertThat(answer.get("build").get("commit").asText()).isEqualTo(GOOD);
    assertThat(answer.get("build").get("image").asText())
        .isEqualTo("ghcr.io/cds-snc/notify-admin:a1b2c3d");
    assertThat(answer.get("build").get("registeredBy").get("email").asText())
        .isEqualTo("alice@example.org");
  }

  @Test
  void exitsTwoOnInputTheServerRefuses() {
    server();

    Run run = client("build", "register", "--component", "api", "--commit", "a1b2c3d");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: commit 'a1b2c3d' is not a full 40-character hexadecimal git commit id");
    assertThat(run.out()).isEmpty();
    assertThat(server.get("api/v1/builds").json()).isEmpty();
  }

  @Test
  void exitsTwoOnAMissingOptionOrAnUnreadableTokenFile() {
    Run missing = slipway("build", "register", "--component", "api");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--commit=<commit>'");

    Path absent = directory.resolve("no-such-token");
    Run noToken =
        slipway("status", "--server", "http://127.0.0.1:9/", "--token-file", absent.toString());
    assertThat(noToken.exitCode()).as(noToken.toString()).isEqualTo(2);
    assertThat(noToken.err()).startsWith("error: cannot read the token file " + absent);
  }

  @Test
  void exitsTwoOnAnEnvironmentNameThatCannotBeOne() {
    Path token = write("token", "slw_" + "x".repeat(43));
    for (String command : List.of("rollback", "history")) {
      Run run =
          slipway(
              command,
              "--env",
              "prod uction",
              "--server",
              "http://127.0.0.1:9/",
              "--token-file",
              token.toString());

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.errLines())
          .containsExactly(
              "error: environment name 'prod uction' is not a DNS label (lower-case letters, digits"
                  + " and '-', at most 63)");
    }
  }

  @Test
  void exitsThreeWhenThePromotionDoesNotExist() {
    server();

    Run run = client("promotion", "show", "4242");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.errLines()).containsExactly("error: promotion 4242 does not exist");
  }

  @Test
  void exitsFourOnAConflictWithWhatIsStored() {
    server();
    client("build", "register", "--component", "api", "--commit", GOOD, "--image", "api:one");

    Run rebuilt =
        client("build", "register", "--component", "api", "--commit", GOOD, "--image", "api:two");
    Run rollback = client("rollback", "--env", "production");

    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isEqualTo(4);
    assertThat(rebuilt.err()).contains("image api:one").contains("image api:two");
    assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(4);
    assertThat(rollback.err()).startsWith("error: nothing to roll back in production");
  }

  @Test
  void exitsFiveOnATokenTheServerDoesNotKnow() {
    server();
    tokenFile = write("stale-token", "slw_" + "x".repeat(43) + "\n");

    Run run = client("status");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.errLines()).containsExactly("error: the API token is unknown or was revoked");
  }

  @Test
  void exitsFiveWithoutATokenAndSaysWhereToPutOne() {
    assumeTrue(System.getenv("SLIPWAY_TOKEN") == null, "SLIPWAY_TOKEN is set here");
    server();

    Run run = slipway("status", "--server", server.url().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.errLines())
        .containsExactly(
            "error: no API token given: set SLIPWAY_TOKEN (or --token-file) to the slw_... token"
                + " that 'slipway token create' printed");
  }

  @Test
  void exitsSevenWhenNoServerAnswers() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path token = write("token", "slw_" + "x".repeat(43));

    Run run =
        slipway("status", "--server", "http://127.0.0.1:" + port, "--token-file", token.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
    assertThat(run.err())
        .startsWith(
            "error: cannot reach the Slipway server at http://127.0.0.1:"
                + port
                + "/ (connection refused); is it running?");
  }

  @Test
  void waitsForAPromotionAndExitsZeroWhenItSucceeds() {
    server();
    client("build", "register", "--component", "api", "--commit", GOOD);

    Run run =
        client(
            "promote",
            "--env",
            "production",
            "--build",
            "api@" + GOOD,
            "--reason",
            "release 7",
            "--wait",
            "--timeout",
            "1m");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.outLines();
    assertThat(lines.get(0)).matches("Promotion \\d+ requested; waiting for it to finish");
    assertThat(lines.get(lines.size() - 1)).matches("Promotion \\d+ succeeded");
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("INFO  Requested by Alice"));
    assertThat(server.manifests().readFile("helmfile/overrides/production.env"))
        .contains("API_DOCKER_TAG: \"a1b2c3d\"");
  }

  @Test
  void exitsEightWhenAPromotionItWaitsForFailsVerification() {
    server();
    server.fleet().markUnhealthy(ComponentName.of("api"), "badc0de");
    client("build", "register", "--component", "api", "--commit", BAD);

    Run run =
        client(
            "promote", "--env", "production", "--build", "api@" + BAD, "--wait", "--timeout", "1m");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(8);
    List<String> lines = run.outLines();
    assertThat(lines.get(lines.size() - 1)).matches("Promotion \\d+ failed");
    assertThat(server.manifests().readFile("helmfile/overrides/production.env"))
        .isEqualTo(TestingServer.INITIAL_ENV);
  }

  @Test
  void stopsWaitingAtItsTimeoutAndSaysThePromotionCarriesOn() {
    TestingServer.Timings fast = TestingServer.Timings.fast();
    server(
        new TestingServer.Timings(
            Duration.ofMinutes(5),
            fast.rolloutTimeout(),
            fast.checkInterval(),
            fast.failureThreshold(),
            fast.rolloutDelay()));
    client("build", "register", "--component", "api", "--commit", GOOD);

    Run run =
        client(
            "promote",
            "--env",
            "production",
            "--build",
            "api@" + GOOD,
            "--wait",
            "--timeout",
            "1s");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(8);
    List<String> lines = run.outLines();
    assertThat(lines.get(lines.size() - 1))
        .matches(
            "Promotion \\d+ is still (pending|deploying|rolling_out|verifying) after 1s; stopped"
                + " waiting \\(it carries on\\)");
    long id =
        server.get("api/v1/promotions?environment=production").json().get(0).get("id").asLong();
    assertThat(server.get("api/v1/promotions/" + id).json().get("terminal").asBoolean()).isFalse();
  }

  @Test
  void showsStatusHistoryAndOnePromotion() {
    server();
    client("build", "register", "--component", "api", "--commit", GOOD);
    Run promoted =
        client(
            "promote",
            "--env",
            "production",
            "--build",
            "api@" + GOOD,
            "--reason",
            "release 7",
            "--wait",
            "--timeout",
            "1m");
    assertThat(promoted.exitCode()).as(promoted.toString()).isZero();
    JsonNode promotion = server.get("api/v1/promotions?environment=production").json().get(0);
    long id = promotion.get("id").asLong();
    String deployCommit = promotion.get("deployReference").asText();
    assertThat(server.manifests().findFile(deployCommit, "helmfile/overrides/production.env"))
        .hasValueSatisfying(file -> assertThat(file).contains("API_DOCKER_TAG: \"a1b2c3d\""));

    Run status = client("status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.outLines().get(0))
        .matches("ENVIRONMENT +COMPONENT +VERSION +SINCE +BY +PROMOTION");
    assertThat(status.outLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches("production +api +a1b2c3d +\\d+s ago +alice@example.org +" + id))
        .anySatisfy(line -> assertThat(line).matches("production +admin"));

    Run history = client("history", "--env", "production");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.outLines()).hasSize(2);
    assertThat(history.outLines().get(0))
        .matches("ID +ENVIRONMENT +KIND +PHASE +BUILDS +REQUESTED BY +CREATED +OUTCOME");
    assertThat(history.outLines().get(1))
        .matches(
            id
                + " +production +deploy +succeeded +api@a1b2c3d +alice@example.org +\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\d:\\d\\d \\S+ +.+");

    Run show = client("promotion", "show", String.valueOf(id));
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.outLines())
        .startsWith(
            "Promotion " + id + ": deploy of api@a1b2c3d to production",
            "  phase:        succeeded",
            "  requested by: alice@example.org (manual)",
            "  reason:       release 7",
            "  deployed in:  " + deployCommit);
    assertThat(show.outLines()).contains("  steps:");
    assertThat(show.outLines())
        .anySatisfy(line -> assertThat(line).matches("    .+  INFO  Requested by Alice.*"));

    Run json = client("history", "--env", "production", "--output", "json");
    assertThat(json.json().get(0).get("id").asLong()).isEqualTo(id);
  }

  @Test
  void verifiesTheAuditRecordOnTheServerAndInAnExportAndNamesTheAlteredEvent() throws IOException {
    server();
    client("build", "register", "--component", "api", "--commit", GOOD);
    client("build", "register", "--component", "admin", "--commit", OTHER);

    Run onServer = client("audit", "verify");
    assertThat(onServer.exitCode()).as(onServer.toString()).isZero();
    assertThat(onServer.outLines())
        .singleElement()
        .asString()
        .matches("Audit record intact: \\d+ events, hash chain unbroken");

    Path export = directory.resolve("audit.jsonl");
    Run exported = client("audit", "export", "--file", export.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    assertThat(exported.err()).contains("Exported the audit record to " + export);
    List<String> lines = Files.readAllLines(export, UTF_8);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(3);

    Run intact = slipway("audit", "verify", "--file", export.toString());
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    assertThat(intact.outLines())
        .containsExactly("Audit record intact: " + lines.size() + " events, hash chain unbroken");

    int index = indexOf(lines, "build:admin@" + OTHER);
    JsonNode event = Json.mapper().readTree(lines.get(index));
    List<String> altered = new ArrayList<>(lines);
    altered.set(index, lines.get(index).replace("Alice <alice@example.org>", "Mallory"));
    assertThat(altered).isNotEqualTo(lines);
    Files.write(export, altered, UTF_8);

    Run broken = slipway("audit", "verify", "--file", export.toString());
    assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(8);
    assertThat(broken.outLines())
        .containsExactly(
            "Audit record NOT intact: event "
                + event.get("sequence").asLong()
                + " (build.registered build:admin@"
                + OTHER
                + ") was altered: its content does not match its hash");
  }

  @Test
  void acceptsAValidConfigurationFile() {
    Path config = write("slipway.yaml", validConfig());

    Run run = slipway("config", "validate", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.outLines()).containsExactly(config + " is valid: 2 components, 2 environments");
  }

  @Test
  void listsEveryProblemOfABrokenConfigurationWithItsFileLineColumnAndField() {
    Path config =
        write(
            "slipway.yaml",
            validConfig()
                .replace("    policy: manual\n", "    policy: sometimes\n")
                .replace("            key: ADMIN_DOCKER_TAG\n", ""));

    Run run = slipway("config", "validate", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    List<String> problems = run.errLines().subList(0, run.errLines().size() - 1);
    assertThat(problems).hasSizeGreaterThanOrEqualTo(2);
    assertThat(problems)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith(config.toString())
                    .matches(".*slipway\\.yaml:\\d+:\\d+: [A-Za-z0-9_.\\[\\]-]+: .+"));
    assertThat(problems)
        .anySatisfy(
            line ->
                assertThat(line).startsWith(config + ":27:13: environments.production.policy: "));
    assertThat(run.errLines().get(run.errLines().size() - 1))
        .isEqualTo(problems.size() + " problems");
  }

  @Test
  void createsATokenInADataDirectoryAndPrintsOnlyTheToken() {
    Path data = directory.resolve("data");

    Run run =
        slipway(
            "token",
            "create",
            "--data-dir",
            data.toString(),
            "--name",
            "Bob",
            "--email",
            "bob@example.org",
            "--label",
            "ci");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.outLines()).singleElement().asString().matches("slw_[A-Za-z0-9_-]{43}");
    assertThat(run.err()).contains("(ci) for bob@example.org");
    String token = run.outLines().get(0);
    try (Database database = Database.open(DatabaseSettings.embedded(data))) {
      Clock clock = Clock.systemUTC();
      User user = new Identities(database.jdbi(), new AuditLog(clock), clock).authenticate(token);
      assertThat(user.email()).isEqualTo("bob@example.org");
      assertThat(user.name()).isEqualTo("Bob");
    }
  }

  @Test
  void listsAndRevokesTokensInADataDirectory() {
    Path data = directory.resolve("data");
    String dataDir = data.toString();
    Run created =
        slipway(
            "token",
            "create",
            "--data-dir",
            dataDir,
            "--name",
            "Bob",
            "--email",
            "bob@example.org",
            "--label",
            "laptop");
    String token = created.outLines().get(0);

    Run revoked =
        slipway(
            "token",
            "revoke",
            "1",
            "--data-dir",
            dataDir,
            "--name",
            "Ops Lead",
            "--email",
            "ops@example.org");
    Run again =
        slipway(
            "token",
            "revoke",
            "1",
            "--data-dir",
            dataDir,
            "--name",
            "Ops Lead",
            "--email",
            "ops@example.org");
    Run list = slipway("token", "list", "--data-dir", dataDir, "--email", "bob@example.org");

    assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
    assertThat(revoked.outLines()).containsExactly("Revoked token 1 (laptop) of bob@example.org.");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ErrorCategory.CONFLICT.exitCode());
    assertThat(again.err()).contains("token 1 (laptop) was already revoked at ");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.outLines().get(0)).startsWith("ID").contains("REVOKED");
    assertThat(list.outLines().get(1)).contains("bob@example.org", "laptop");
    try (Database database = Database.open(DatabaseSettings.embedded(data))) {
      Clock clock = Clock.systemUTC();
      Identities identities = new Identities(database.jdbi(), new AuditLog(clock), clock);
      assertThatThrownBy(() -> identities.authenticate(token))
          .hasMessage("the API token is unknown or was revoked");
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line contains " + text + ": " + lines);
  }

  private Path write(String name, String content) {
    Path file = directory.resolve(name);
    try {
      Files.writeString(file, content, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * A configuration in GC Notify's shape; line 28 holds production's policy, which a test breaks.
   */
  private static String validConfig() {
    return """
        repositories:
          manifests:
            url: https://github.com/cds-snc/notification-manifests.git
        components:
          api: {}
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
            policy: manual
            components:
              api:
                targets:
                  - type: git-file
                    repository: manifests
                    file: helmfile/overrides/production.env
                    key: API_DOCKER_TAG
        """;
  }
}
