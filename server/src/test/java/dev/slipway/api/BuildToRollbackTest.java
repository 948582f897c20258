package dev.slipway.api;

import static dev.slipway.testing.TestingServer.phase;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.component.ComponentName;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The core loop through the HTTP API: builds arrive, staging deploys, a bad one rolls back. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class BuildToRollbackTest {
  private static final String GOOD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final String BAD = "badc0de4e5f60718293a4b5c6d7e8f9012345678";

  @Parameter TestDatabase database;
  @TempDir Path directory;

  @Test
  void deploysAGoodBuildThenRollsABadOneBackWithARevertCommit() {
    try (TestingServer server =
        TestingServer.start(directory, database, TestingServer.Timings.fast())) {
      JsonNode registered = server.post("api/v1/builds", TestingServer.build("api", GOOD)).json();
      assertThat(registered.get("created").asBoolean()).isTrue();
      long first = firstPromotionId(server);
      server.awaitPromotion(first, phase("SUCCEEDED"), Duration.ofSeconds(30));
      assertThat(server.manifests().readFile("helmfile/overrides/staging.env"))
          .isEqualTo(TestingServer.INITIAL_ENV.replaceFirst("0000000", "a1b2c3d"));

      server.fleet().markUnhealthy(ComponentName.of("api"), "badc0de");
      server.post("api/v1/builds", TestingServer.build("api", BAD));
      long second = latestPromotionId(server);
      JsonNode failed = server.awaitPromotion(second, phase("FAILED"), Duration.ofSeconds(30));

      assertThat(failed.get("outcome").asText())
          .contains("failed 2 times in a row: answered 500 (reports badc0de)")
          .contains("previous versions were restored");
      assertThat(server.manifests().readFile("helmfile/overrides/staging.env"))
          .isEqualTo(TestingServer.INITIAL_ENV.replaceFirst("0000000", "a1b2c3d"));
      assertThat(server.manifests().subjects())
          .startsWith(
              "Revert \"Deploy api@badc0de to staging\"",
              "Deploy api@badc0de to staging",
              "Deploy api@a1b2c3d to staging");
      JsonNode rejections = server.get("api/v1/rejections?environment=staging").json();
      assertThat(rejections.get(0).get("build").get("commit").asText()).isEqualTo(BAD);
      JsonNode status = server.get("api/v1/status").json();
      assertThat(status.get("environments").get(0).get("components").findValuesAsText("version"))
          .contains(GOOD);
      assertThat(server.get("api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
      assertThat(server.get("api/v1/audit?limit=1000").json().findValuesAsText("action"))
          .contains(
              "build.registered", "promotion.rolling-back", "build.rejected", "promotion.failed");
    }
  }

  private static long firstPromotionId(TestingServer server) {
    return server.get("api/v1/promotions?environment=staging").json().get(0).get("id").asLong();
  }

  private static long latestPromotionId(TestingServer server) {
    return firstPromotionId(server);
  }
}
