package dev.slipway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates through the command line and the API: what a waiting promotion shows, approving it, and
 * declaring, overriding and lifting a freeze, with the exit codes a script sees.
 */
class GateCommandsTest {
  private static final String GOOD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final String OTHER = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
  private static final String THIRD = "3333333333333333333333333333333333333333";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path directory;

  private TestingServer server;
  private Path aliceToken;
  private Path bobToken;

  private record Run(int exitCode, String out, String err) {
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

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void showsWhoMayApproveAWaitingPromotionAndStartsItOnceApproved() {
    start("- {type: approval, role: ops-lead}");
    long id = promoteToProduction(GOOD, aliceToken, false, Optional.empty());
    JsonNode waiting = awaitGates(id);

    assertThat(waiting.path("gates").get(0).path("verdict").asText()).isEqualTo("WAIT");
    String reason =
        "needs 1 approval from role ops-lead (bob@example.org); approve with: slipway approve "
            + id;
    assertThat(waiting.path("gates").get(0).path("reason").asText()).isEqualTo(reason);
    Run show = as(aliceToken, "promotion", "show", String.valueOf(id));
    assertThat(show.out())
        .contains("  gates:\n    waiting  approval by one of role ops-lead: " + reason);
    Run status = as(aliceToken, "status");
    assertThat(status.out())
        .contains("production: promotion " + id + " (api@a1b2c3d) waiting: " + reason);
    Run history = as(aliceToken, "history", "--env", "production");
    assertThat(history.out()).contains("waiting: " + reason);

    Run refused = as(aliceToken, "approve", String.valueOf(id));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
    assertThat(refused.err()).contains("does not hold role ops-lead");

    Run approved = as(bobToken, "approve", String.valueOf(id), "--reason", "checked the diff");
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertThat(approved.out())
        .isEqualTo(
            "Promotion "
                + id
                + " approved by bob@example.org; see what it waits on with: slipway promotion"
                + " show "
                + id
                + "\n");

    JsonNode done = server.awaitPromotion(id, TestingServer.phase("SUCCEEDED"), TIMEOUT);
    assertThat(done.path("gates").get(0).path("verdict").asText()).isEqualTo("PASS");
    JsonNode approval = server.get("api/v1/promotions/" + id + "/approvals").json().get(0);
    assertThat(approval.path("approvedBy").path("email").asText()).isEqualTo("bob@example.org");
    assertThat(approval.path("reason").asText()).isEqualTo("checked the diff");
  }

  @Test
  void blocksPromotionsDuringADeclaredFreezeUnlessTheRoleOverridesItWithAReason() {
    start("- {type: freeze, overrideRole: ops-lead}");
    long first = promoteToProduction(GOOD, aliceToken, false, Optional.empty());
    server.awaitPromotion(first, TestingServer.phase("SUCCEEDED"), TIMEOUT);

    Run declared =
        as(aliceToken, "freeze", "declare", "--env", "production", "--reason", "incident 9");
    assertThat(declared.exitCode()).as(declared.toString()).isZero();
    assertThat(declared.out())
        .isEqualTo(
            "production is frozen: incident 9; lift it with: slipway freeze lift --env"
                + " production\n");
    long held = promoteToProduction(OTHER, aliceToken, false, Optional.empty());
    JsonNode blocked = awaitGates(held);
    assertThat(blocked.path("gates").get(0).path("verdict").asText()).isEqualTo("BLOCK");
    assertThat(as(aliceToken, "promotion", "show", String.valueOf(held)).out())
        .contains("    blocked  freeze of production (declared): production is frozen: declared by")
        .contains(": incident 9; a holder of role 'ops-lead' may override it with a reason");

    Run rollback = as(aliceToken, "rollback", "--env", "production");
    assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(4);
    assertThat(rollback.err())
        .contains("a rollback during a freeze needs a reason: give one with --reason");

    int before = server.get("api/v1/promotions?environment=production").json().size();
    Run notHolder =
        as(
            aliceToken,
            "promote",
            "--env",
            "production",
            "--build",
            "api@" + THIRD,
            "--override-freeze",
            "--reason",
            "urgent");
    assertThat(notHolder.exitCode()).as(notHolder.toString()).isEqualTo(5);
    assertThat(server.get("api/v1/promotions?environment=production").json().size())
        .as("a refused override leaves no promotion behind")
        .isEqualTo(before);

    as(aliceToken, "promotion", "cancel", String.valueOf(held));
    long overridden =
        promoteToProduction(THIRD, bobToken, true, Optional.of("security fix during the freeze"));
    JsonNode started =
        server.awaitPromotion(
            overridden, promotion -> !"PENDING".equals(promotion.path("phase").asText()), TIMEOUT);
    assertThat(started.path("steps").toString())
        .contains("Freeze overridden by Bob <bob@example.org>: security fix during the freeze");

    Run lifted = as(bobToken, "freeze", "lift", "--env", "production", "--reason", "resolved");
    assertThat(lifted.exitCode()).as(lifted.toString()).isZero();
    JsonNode freezes = as(aliceToken, "freeze", "list", "-o", "json").json();
    assertThat(freezes.get(0).path("inForce").asBoolean()).isFalse();
    assertThat(freezes.get(0).path("liftReason").asText()).isEqualTo("resolved");
  }

  @Test
  void validatesTheGatesOfAConfigurationFileOfflineAndNamesTheWrongSetting() {
    String config =
        """
        roles:
          ops-lead: [bob@example.org]
        repositories:
          manifests: {url: /srv/git/manifests.git}
        components:
          api: {}
        environments:
          staging:
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: TAG}
          production:
            upstream: staging
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: production.env, key: TAG}
            gates:
              - {type: soak, duration: 1d}
              - {type: window, days: [mon-fri], hours: "09:00-16:00", zone: America/Toronto}
              - {type: freeze, overrideRole: ops-lead}
              - {type: approval, role: ROLE}
        """;
    Path valid = write("valid.yaml", config.replace("ROLE", "ops-lead"));
    Path broken = write("broken.yaml", config.replace("ROLE", "release-lead"));

    Run accepted = run("config", "validate", valid.toString());
    Run refused = run("config", "validate", broken.toString());

    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err())
        .startsWith(
            broken
                + ":23:32: environments.production.gates[3].role: role 'release-lead' is not"
                + " defined under roles");
  }

  private void start(String productionGates) {
    server =
        TestingServer.start(
            directory,
            TestDatabase.H2,
            TestingServer.Timings.fast(),
            Clock.systemUTC(),
            productionGates);
    aliceToken = write("alice-token", server.token());
    bobToken =
        write(
            "bob-token",
            server
                .slipway()
                .identities()
                .createToken("Bob", "bob@example.org", "test", Optional.empty())
                .secret());
  }

  private long promoteToProduction(
      String commit, Path token, boolean overrideFreeze, Optional<String> reason) {
    as(token, "build", "register", "--component", "api", "--commit", commit);
    List<String> line =
        new ArrayList<>(
            List.of("promote", "--env", "production", "--build", "api@" + commit, "-o", "json"));
    if (overrideFreeze) {
      line.add("--override-freeze");
    }
    reason.ifPresent(
        text -> {
          line.add("--reason");
          line.add(text);
        });
    Run run = as(token, line.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run.json().path("id").asLong();
  }

  private JsonNode awaitGates(long id) {
    return server.awaitPromotion(id, promotion -> !promotion.path("gates").isEmpty(), TIMEOUT);
  }

  private Run as(Path token, String... args) {
    List<String> line = new ArrayList<>(Arrays.asList(args));
    line.addAll(List.of("--server", server.url().toString(), "--token-file", token.toString()));
    return run(line.toArray(String[]::new));
  }

  private static Run run(String... line) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), line);
    return new Run(exitCode, out.toString().replace("\r\n", "\n"), err.toString());
  }

  private Path write(String name, String content) {
    Path file = directory.resolve(name);
    try {
      Files.writeString(file, content + "\n", UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
