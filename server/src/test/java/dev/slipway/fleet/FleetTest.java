package dev.slipway.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class FleetTest {
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final ComponentName API = ComponentName.of("api");
  private static final ComponentName ADMIN = ComponentName.of("admin");
  private static final Duration DELAY = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestingClock clock = new TestingClock();
  // The loop polls once at start and then not for an hour: these tests move time by hand and call
  // refresh(), so what they see does not depend on when the loop runs.
  private final Fleet fleet =
      Fleet.start(
          FleetSettings.defaults().withPollInterval(Duration.ofHours(1)).withRolloutDelay(DELAY),
          clock);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopFleet() {
    fleet.close();
  }

  @Test
  void answersStartingBeforeAnyVersionIsKnown() throws Exception {
    URI url = fleet.register(STAGING, API, Optional::empty);
    fleet.refresh();
    clock.advance(Duration.ofHours(1));
    fleet.refresh();

    Answer answer = get(url);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).isEqualTo(JSON.readTree("{\"status\": \"starting\"}"));
  }

  @Test
  void runsTheFirstVersionOnceTheRolloutDelayHasPassed() throws Exception {
    URI url = fleet.register(STAGING, API, () -> Optional.of("f3d0498"));

    fleet.refresh();
    clock.advance(DELAY.minusMillis(1));
    fleet.refresh();
    assertThat(get(url).status()).isEqualTo(503);

    clock.advance(Duration.ofMillis(1));
    fleet.refresh();
    Answer answer = get(url);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(JSON.readTree("{\"commit_sha\": \"f3d0498\", \"status\": \"ok\"}"));
  }

  @Test
  void switchesToANewVersionAfterTheDelayAndNotBefore() throws Exception {
    AtomicReference<String> manifest = new AtomicReference<>("1a2b3c4");
    URI url = running(STAGING, API, manifest);

    manifest.set("f3d0498");
    fleet.refresh();
    clock.advance(DELAY.minusMillis(1));
    fleet.refresh();
    assertThat(reportedVersion(url)).isEqualTo("1a2b3c4");

    clock.advance(Duration.ofMillis(1));
    fleet.refresh();
    assertThat(reportedVersion(url)).isEqualTo("f3d0498");
  }

  @Test
  void measuresTheDelayFromWhenTheChangeWasNoticed() throws Exception {
    AtomicReference<String> manifest = new AtomicReference<>("1a2b3c4");
    URI url = running(STAGING, API, manifest);

    manifest.set("f3d0498");
    clock.advance(Duration.ofHours(1));
    fleet.refresh();

    assertThat(reportedVersion(url)).isEqualTo("1a2b3c4");
  }

  @Test
  void aNewerVersionDuringARolloutStartsTheRolloutAgain() throws Exception {
    AtomicReference<String> manifest = new AtomicReference<>("1a2b3c4");
    URI url = running(STAGING, API, manifest);
    manifest.set("5d6e7f8");
    fleet.refresh();
    clock.advance(Duration.ofSeconds(20));

    manifest.set("f3d0498");
    fleet.refresh();
    clock.advance(Duration.ofSeconds(20));
    fleet.refresh();
    assertThat(reportedVersion(url)).isEqualTo("1a2b3c4");

    clock.advance(Duration.ofSeconds(10));
    fleet.refresh();
    assertThat(reportedVersion(url)).isEqualTo("f3d0498");
  }

  @Test
  void keepsItsVersionWhenTheManifestNamesNothingAnyMore() throws Exception {
    AtomicReference<String> manifest = new AtomicReference<>("1a2b3c4");
    URI url = running(STAGING, API, manifest);

    manifest.set(null);
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();

    assertThat(reportedVersion(url)).isEqualTo("1a2b3c4");
  }

  @Test
  void keepsFollowingTheManifestAfterItCouldNotBeRead() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    URI url =
        fleet.register(
            STAGING,
            API,
            () -> {
              if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("manifests clone is being updated");
              }
              return Optional.of("f3d0498");
            });

    fleet.refresh();
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();

    assertThat(reportedVersion(url)).isEqualTo("f3d0498");
  }

  @Test
  void servesSeveralServicesEachFollowingItsOwnManifest() throws Exception {
    AtomicReference<String> stagingApi = new AtomicReference<>("1a2b3c4");
    AtomicReference<String> stagingAdmin = new AtomicReference<>("9f8e7d6");
    AtomicReference<String> productionApi = new AtomicReference<>("0a1b2c3");
    URI stagingApiUrl = fleet.register(STAGING, API, () -> Optional.ofNullable(stagingApi.get()));
    URI stagingAdminUrl =
        fleet.register(STAGING, ADMIN, () -> Optional.ofNullable(stagingAdmin.get()));
    URI productionApiUrl =
        fleet.register(PRODUCTION, API, () -> Optional.ofNullable(productionApi.get()));
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();

    stagingApi.set("f3d0498");
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();

    assertThat(reportedVersion(stagingApiUrl)).isEqualTo("f3d0498");
    assertThat(reportedVersion(stagingAdminUrl)).isEqualTo("9f8e7d6");
    assertThat(reportedVersion(productionApiUrl)).isEqualTo("0a1b2c3");
    assertThat(stagingApiUrl.getPath()).isEqualTo("/staging/api/_status");
    assertThat(fleet.url(PRODUCTION, API)).isEqualTo(productionApiUrl);
  }

  @Test
  void answersAnErrorWhileRunningABuildMarkedUnhealthy() throws Exception {
    URI staging = running(STAGING, API, new AtomicReference<>("f3d0498"));
    URI production = running(PRODUCTION, API, new AtomicReference<>("f3d0498"));
    URI admin = running(STAGING, ADMIN, new AtomicReference<>("f3d0498"));

    fleet.markUnhealthy(API, "F3D0498");

    Answer answer = get(staging);
    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.body())
        .isEqualTo(JSON.readTree("{\"commit_sha\": \"f3d0498\", \"status\": \"error\"}"));
    assertThat(get(production).status()).isEqualTo(500);
    assertThat(get(admin).status()).isEqualTo(200);

    fleet.markHealthy(API, "f3d0498");

    assertThat(get(staging).status()).isEqualTo(200);
    assertThat(get(production).status()).isEqualTo(200);
  }

  @Test
  void anUnhealthyPrefixOnlyConcernsTheBuildsItNames() throws Exception {
    AtomicReference<String> manifest =
        new AtomicReference<>("f3d0498c2b5a4e1f9d8c7b6a5f4e3d2c1b0a9f8e");
    URI url = running(STAGING, API, manifest);
    fleet.markUnhealthy(API, "f3d0498");
    assertThat(get(url).status()).isEqualTo(500);

    manifest.set("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();

    assertThat(get(url).status()).isEqualTo(200);
  }

  @Test
  void switchesABuildUnhealthyAndBackOverHttp() throws Exception {
    URI status = running(STAGING, API, new AtomicReference<>("f3d0498"));
    URI switchUrl = fleet.baseUrl().resolve("/_fleet/unhealthy/api/f3d0498");

    Answer marked = send("PUT", switchUrl);
    assertThat(marked.status()).isEqualTo(200);
    assertThat(marked.body().at("/unhealthy/api")).isEqualTo(JSON.readTree("[\"f3d0498\"]"));
    assertThat(get(status).status()).isEqualTo(500);
    assertThat(fleet.unhealthyPrefixes()).containsKey(API);

    Answer cleared = send("DELETE", switchUrl);
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().at("/unhealthy").isEmpty()).isTrue();
    assertThat(get(status).status()).isEqualTo(200);
  }

  @Test
  void listsServicesTheirVersionsRolloutsAndUnhealthyBuilds() throws Exception {
    AtomicReference<String> manifest = new AtomicReference<>("1a2b3c4");
    running(STAGING, API, manifest);
    fleet.register(PRODUCTION, API, Optional::empty);
    fleet.markUnhealthy(API, "1a2b3c4");
    manifest.set("f3d0498");
    fleet.refresh();

    Answer answer = get(fleet.baseUrl().resolve("/_fleet"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(
            JSON.readTree(
                """
                {"services": [
                  {"environment": "production", "component": "api",
                   "url": "%s", "running": null, "status": "starting"},
                  {"environment": "staging", "component": "api",
                   "url": "%s", "running": "1a2b3c4", "status": "error",
                   "rollout": {"version": "f3d0498", "noticedAt": "%s", "switchesAt": "%s"}}
                 ],
                 "unhealthy": {"api": ["1a2b3c4"]}}
                """
                    .formatted(
                        fleet.url(PRODUCTION, API),
                        fleet.url(STAGING, API),
                        clock.instant(),
                        clock.instant().plus(DELAY))));
  }

  @Test
  void answersNotFoundForAServiceItDoesNotHave() throws Exception {
    Answer answer = get(fleet.url(STAGING, API));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().path("error").asText())
        .isEqualTo("the fleet has no service for api in staging");
  }

  @Test
  void refusesOtherMethodsOnStatusAndFleetEndpoints() throws Exception {
    running(STAGING, API, new AtomicReference<>("f3d0498"));

    assertThat(send("DELETE", fleet.url(STAGING, API)).status()).isEqualTo(405);
    assertThat(send("POST", fleet.baseUrl().resolve("/_fleet/unhealthy/api/f3d0498")).status())
        .isEqualTo(405);
    assertThat(fleet.unhealthyPrefixes()).isEmpty();
  }

  @Test
  void refusesAnUnhealthySwitchForAnInvalidComponentOverHttp() throws Exception {
    Answer answer = send("PUT", fleet.baseUrl().resolve("/_fleet/unhealthy/Not_A_Name/f3d0498"));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body().path("error").asText()).contains("'Not_A_Name' is not a DNS label");
  }

  @Test
  void refusesAPrefixThatCannotNameABuild() {
    assertThatThrownBy(() -> fleet.markUnhealthy(API, "f3d 0498"))
        .isInstanceOfSatisfying(
            SlipwayException.class, error -> assertThat(error.field()).contains("commitPrefix"));
  }

  @Test
  void refusesToRegisterTheSameServiceTwice() {
    fleet.register(STAGING, API, Optional::empty);

    assertThatThrownBy(() -> fleet.register(STAGING, API, Optional::empty))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            error -> assertThat(error.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage("the fleet already has a service for api in staging");
  }

  @Test
  void stopsAnsweringOnceClosed() {
    URI url = running(STAGING, API, new AtomicReference<>("f3d0498"));

    fleet.close();

    assertThatThrownBy(() -> get(url)).isInstanceOf(IOException.class);
  }

  /** Registers a service following {@code manifest} and lets it finish its first rollout. */
  private URI running(
      EnvironmentName environment, ComponentName component, AtomicReference<String> manifest) {
    URI url = fleet.register(environment, component, () -> Optional.ofNullable(manifest.get()));
    fleet.refresh();
    clock.advance(DELAY);
    fleet.refresh();
    assertThat(fleet.findRunningVersion(environment, component)).contains(manifest.get());
    return url;
  }

  private String reportedVersion(URI url) throws Exception {
    Answer answer = get(url);
    assertThat(answer.status()).as("status of %s", url).isEqualTo(200);
    return answer.body().path("commit_sha").asText();
  }

  private Answer get(URI url) throws IOException, InterruptedException {
    return send("GET", url);
  }

  private Answer send(String method, URI url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  private record Answer(int status, JsonNode body) {}
}
