package dev.slipway.check.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonPointer;
import dev.slipway.check.CheckOutcome;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingStatusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class HttpCheckTest {
  private static final String RUNNING = "f3d0498c2b5a4e1f9d8c7b6a5f4e3d2c1b0a9f8e";
  private static final String OTHER = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  private final TestingStatusServer server = TestingStatusServer.start();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void rolloutPassesWhenTheExpectedVersionIsReported() {
    server.reportVersion(RUNNING);

    CheckResult result = check().run(rollout(RUNNING));

    assertThat(result).isEqualTo(CheckResult.passed("reports f3d0498"));
  }

  @Test
  void rolloutWaitsWhileAnotherVersionIsReported() {
    server.reportVersion(OTHER);

    CheckResult result = check().run(rollout(RUNNING));

    assertThat(result).isEqualTo(CheckResult.pending("reports 1a2b3c4, waiting for f3d0498"));
  }

  @Test
  void rolloutWaitsWhileTheServiceAnswersAnError() {
    server.answer(503, "{\"status\": \"starting\"}");

    assertThat(check().run(rollout(RUNNING))).isEqualTo(CheckResult.pending("answered 503"));
  }

  @Test
  void anErrorAnswerFromTheNewVersionFailsTheRolloutAtOnce() {
    server.answer(500, "{\"commit_sha\": \"" + RUNNING + "\", \"status\": \"error\"}");

    assertThat(check().run(rollout(RUNNING)))
        .isEqualTo(CheckResult.failed("answered 500 (reports f3d0498)"));
  }

  @Test
  void anErrorAnswerFromTheOldVersionKeepsTheRolloutWaiting() {
    server.answer(500, "{\"commit_sha\": \"" + RUNNING + "\", \"status\": \"error\"}");

    assertThat(check().run(rollout(OTHER)))
        .isEqualTo(CheckResult.pending("answered 500 (reports f3d0498)"));
  }

  @Test
  void rolloutWaitsWhileNothingListens() throws IOException {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/_status");
    }

    CheckResult result = new HttpCheck(HttpCheckSettings.of(closedPort)).run(rollout(RUNNING));

    assertThat(result).isEqualTo(CheckResult.pending("unreachable: connection refused"));
  }

  @Test
  void rolloutWaitsWhenTheConnectionIsDroppedWithoutAnAnswer() {
    server.hangUp();

    CheckResult result = check().run(rollout(RUNNING));

    assertThat(result.outcome()).isEqualTo(CheckOutcome.PENDING);
    assertThat(result.detail()).startsWith("unreachable: ");
  }

  @Test
  void rolloutWaitsWhenTheAnswerIsNotJson() {
    server.answer(200, "text/html", "<html><body>OK</body></html>");

    assertThat(check().run(rollout(RUNNING))).isEqualTo(CheckResult.pending("answer is not JSON"));
  }

  @Test
  void rolloutWaitsWhenTheAnswerHasNoVersion() {
    server.answer(200, "{\"status\": \"ok\"}");

    assertThat(check().run(rollout(RUNNING)))
        .isEqualTo(CheckResult.pending("no value at /commit_sha"));
  }

  @Test
  void rolloutWaitsWhenTheAnswerIsEmpty() {
    server.answer(200, "");

    assertThat(check().run(rollout(RUNNING))).isEqualTo(CheckResult.pending("answer is empty"));
  }

  @Test
  void readsTheVersionWhereThePointerSays() {
    server.answer(200, "{\"build\": {\"version\": \"" + RUNNING + "\"}, \"commit_sha\": null}");
    HttpCheck check =
        new HttpCheck(
            new HttpCheckSettings(
                server.url(),
                JsonPointer.compile("/build/version"),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                3));

    assertThat(check.run(rollout(RUNNING))).isEqualTo(CheckResult.passed("reports f3d0498"));
  }

  @Test
  void withoutAnExpectedVersionAnySuccessfulAnswerPasses() {
    server.answer(200, "text/plain", "OK");

    CheckResult result = check().run(request(CheckStage.ROLLOUT, Optional.empty()));

    assertThat(result).isEqualTo(CheckResult.passed("answered 200"));
  }

  @Test
  void withoutAnExpectedVersionTheReportedOneIsStillShown() {
    server.reportVersion(OTHER);

    assertThat(check().run(request(CheckStage.BAKE, Optional.empty())))
        .isEqualTo(CheckResult.passed("reports 1a2b3c4"));
  }

  @Test
  void withoutAnExpectedVersionAnErrorAnswerFailsTheBake() {
    server.answer(500, "{}");

    assertThat(check().run(request(CheckStage.BAKE, Optional.empty())))
        .isEqualTo(CheckResult.failed("answered 500"));
  }

  @Test
  void bakePassesWhileTheExpectedVersionStaysHealthy() {
    server.reportVersion(RUNNING);

    assertThat(check().run(bake(RUNNING))).isEqualTo(CheckResult.passed("reports f3d0498"));
  }

  @Test
  void bakeFailsWhenTheVersionChangesBecauseSomeoneElseDeployed() {
    server.reportVersion(OTHER);

    assertThat(check().run(bake(RUNNING)))
        .isEqualTo(CheckResult.failed("reports 1a2b3c4 instead of f3d0498"));
  }

  @Test
  void bakeFailsWhenTheServiceAnswersAnError() {
    server.answer(500, "{\"commit_sha\": \"" + RUNNING + "\", \"status\": \"error\"}");

    assertThat(check().run(bake(RUNNING)))
        .isEqualTo(CheckResult.failed("answered 500 (reports f3d0498)"));
  }

  @Test
  void bakeFailsWhenTheAnswerIsNotJson() {
    server.answer(200, "text/plain", "OK");

    assertThat(check().run(bake(RUNNING))).isEqualTo(CheckResult.failed("answer is not JSON"));
  }

  @Test
  void bakeFailsWhenTheAnswerHasNoVersion() {
    server.answer(200, "{\"commit_sha\": null}");

    assertThat(check().run(bake(RUNNING))).isEqualTo(CheckResult.failed("no value at /commit_sha"));
  }

  @Test
  void bakeFailsWhenTheServiceIsGone() throws IOException {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/_status");
    }

    assertThat(new HttpCheck(HttpCheckSettings.of(closedPort)).run(bake(RUNNING)))
        .isEqualTo(CheckResult.failed("unreachable: connection refused"));
  }

  @Test
  void aServiceThatNeverAnswersTimesOut() {
    server.neverAnswer();
    HttpCheck check = checkWithTimeout(Duration.ofMillis(300));

    CheckResult result =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check.run(bake(RUNNING)));

    assertThat(result).isEqualTo(CheckResult.failed("no answer within 300ms"));
  }

  @Test
  void aServiceThatNeverAnswersIsStillAwaitedDuringTheRollout() {
    server.neverAnswer();
    HttpCheck check = checkWithTimeout(Duration.ofMillis(300));

    CheckResult result =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check.run(rollout(RUNNING)));

    assertThat(result).isEqualTo(CheckResult.pending("no answer within 300ms"));
  }

  @Test
  void anAnswerWhoseBodyNeverEndsTimesOut() {
    server.neverFinishTheBody();
    HttpCheck check = checkWithTimeout(Duration.ofMillis(300));

    CheckResult result =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check.run(bake(RUNNING)));

    assertThat(result).isEqualTo(CheckResult.failed("no complete answer within 600ms"));
  }

  @Test
  void aShortExpectedVersionMatchesTheFullReportedCommit() {
    server.reportVersion(RUNNING);

    assertThat(check().run(bake("f3d0498"))).isEqualTo(CheckResult.passed("reports f3d0498"));
  }

  @Test
  void aFullExpectedCommitMatchesAShortReportedTag() {
    server.reportVersion("f3d0498");

    assertThat(check().run(rollout(RUNNING))).isEqualTo(CheckResult.passed("reports f3d0498"));
  }

  @Test
  void versionsMatchWhateverTheirCase() {
    server.reportVersion("F3D0498");

    assertThat(check().run(rollout(RUNNING)).outcome()).isEqualTo(CheckOutcome.PASSED);
  }

  @Test
  void aPrefixShorterThanSevenCharactersDoesNotMatch() {
    server.reportVersion("f3d049");

    assertThat(check().run(rollout(RUNNING)))
        .isEqualTo(CheckResult.pending("reports f3d049, waiting for f3d0498"));
  }

  @Test
  void commitsThatOnlyDifferFurtherOnAreShownLongEnoughToTellThemApart() {
    server.reportVersion("f3d0498aaaa");

    assertThat(check().run(bake(RUNNING)))
        .isEqualTo(CheckResult.failed("reports f3d0498a instead of f3d0498c"));
  }

  @Test
  void describesItselfByTheUrlItAsks() {
    HttpCheck check = check();

    assertThat(check.description()).isEqualTo("GET " + server.url());
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(check.failureThreshold()).isEqualTo(3);
  }

  @Test
  void asksOnceForEachRun() {
    server.reportVersion(RUNNING);
    HttpCheck check = check();

    check.run(rollout(RUNNING));
    check.run(bake(RUNNING));

    assertThat(server.requests()).isEqualTo(2);
  }

  private HttpCheck check() {
    return new HttpCheck(HttpCheckSettings.of(server.url()));
  }

  private HttpCheck checkWithTimeout(Duration timeout) {
    return new HttpCheck(
        new HttpCheckSettings(
            server.url(),
            HttpCheckSettings.DEFAULT_VERSION_POINTER,
            Duration.ofSeconds(1),
            timeout,
            1));
  }

  private static CheckRequest rollout(String expected) {
    return request(CheckStage.ROLLOUT, Optional.of(expected));
  }

  private static CheckRequest bake(String expected) {
    return request(CheckStage.BAKE, Optional.of(expected));
  }

  private static CheckRequest request(CheckStage stage, Optional<String> expected) {
    return new CheckRequest(
        EnvironmentName.of("staging"), ComponentName.of("api"), stage, expected);
  }
}
