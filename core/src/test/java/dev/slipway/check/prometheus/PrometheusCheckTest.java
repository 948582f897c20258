package dev.slipway.check.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.check.Check;
import dev.slipway.check.CheckOutcome;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPrometheusServer;
import dev.slipway.testing.TestingPrometheusServer.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPECTED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final String ERROR_RATE =
      "sum(rate(http_requests_total{job=\"api\",version=\"{shortCommit}\",code=~\"5..\"}[5m]))"
          + " / sum(rate(http_requests_total{job=\"api\",version=\"{shortCommit}\"}[5m]))";

  private TestingPrometheusServer prometheus;

  @BeforeEach
  void setUp() {
    prometheus = TestingPrometheusServer.start();
  }

  @AfterEach
  void tearDown() {
    prometheus.close();
  }

  @Test
  void passesWhenTheSeriesMeetsTheThresholdAndFillsInTheCommit() {
    prometheus.answerValue(Map.of("job", "api"), 0.002);

    CheckResult result = check("<", 0.01).run(request(CheckStage.BAKE));

    assertThat(result).isEqualTo(CheckResult.passed("{job=\"api\"} is 0.002, < 0.01"));
    assertThat(prometheus.queries())
        .singleElement()
        .satisfies(
            query -> {
              assertThat(query.query()).isEqualTo(ERROR_RATE.replace("{shortCommit}", "a1b2c3d"));
              assertThat(query.authorization()).isEmpty();
            });
  }

  @Test
  void failsNamingTheWorstSeriesWithItsLabels() {
    prometheus.answerVector(
        List.of(
            Series.of(Map.of("instance", "api-1", "job", "api"), 0.004),
            Series.of(Map.of("instance", "api-2", "job", "api"), 0.09),
            Series.of(Map.of("instance", "api-3", "job", "api"), 0.03)));

    CheckResult result = check("<", 0.01).run(request(CheckStage.BAKE));

    assertThat(result)
        .isEqualTo(
            CheckResult.failed(
                "{instance=\"api-2\", job=\"api\"} is 0.09, not < 0.01 (2 of 3 series)"));
  }

  @Test
  void everySeriesMustMeetTheThresholdForEachComparison() {
    prometheus.answerVector(
        List.of(Series.of(Map.of("pod", "a"), 5), Series.of(Map.of("pod", "b"), 3)));

    assertThat(check(">=", 3).run(request(CheckStage.BAKE)).outcome())
        .isEqualTo(CheckOutcome.PASSED);
    assertThat(check(">", 3).run(request(CheckStage.BAKE)).detail())
        .isEqualTo("{pod=\"b\"} is 3, not > 3 (1 of 2 series)");
    assertThat(check("<=", 5).run(request(CheckStage.BAKE)).detail())
        .isEqualTo("all 2 series <= 5; the closest, {pod=\"a\"}, is 5");
    assertThat(check("==", 5).run(request(CheckStage.BAKE)).detail())
        .isEqualTo("{pod=\"b\"} is 3, not == 5 (1 of 2 series)");
  }

  @Test
  void readsAScalarAnswer() {
    prometheus.answerScalar(12);

    assertThat(check("<", 10).run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.failed("the result is 12, not < 10"));
  }

  @Test
  void anEmptyAnswerWaitsDuringTheRolloutAndFailsDuringTheBake() {
    prometheus.answerVector(List.of());

    assertThat(check("<", 0.01).run(request(CheckStage.ROLLOUT)))
        .isEqualTo(CheckResult.pending("query returned no series yet"));
    assertThat(check("<", 0.01).run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.failed("query returned no series"));
  }

  @Test
  void failsWithPrometheusOwnErrorTypeAndMessage() {
    prometheus.answerError(400, "bad_data", "invalid parameter \"query\": 1:5: parse error");

    assertThat(check("<", 0.01).run(request(CheckStage.BAKE)))
        .isEqualTo(
            CheckResult.failed(
                "Prometheus answered 400 bad_data: invalid parameter \"query\": 1:5: parse"
                    + " error"));
  }

  @Test
  void failsOnAMatrixAndOnAnAnswerThatIsNotJson() {
    prometheus.answerMatrix();
    assertThat(check("<", 1).run(request(CheckStage.BAKE)).detail())
        .isEqualTo(
            "the query returned a matrix; write an instant query that returns a vector or a"
                + " scalar");

    prometheus.answer(502, "<html>Bad Gateway</html>");
    assertThat(check("<", 1).run(request(CheckStage.BAKE)).detail())
        .isEqualTo("Prometheus answered 502 without a JSON body: <html>Bad Gateway</html>");
  }

  @Test
  void aNaNValueNeverMeetsTheThreshold() {
    prometheus.answerValue(Map.of("job", "api"), Double.NaN);

    assertThat(check("<", 0.01).run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.failed("{job=\"api\"} is NaN, not < 0.01"));
  }

  @Test
  void failsWhenPrometheusIsUnreachable() {
    Check check = check("<", 0.01);
    prometheus.close();

    CheckResult result = check.run(request(CheckStage.BAKE));

    assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
    assertThat(result.detail()).startsWith("Prometheus at " + prometheus.url() + " is unreachable");
  }

  @Test
  void sendsTheBearerTokenFromTheNamedVariable() {
    prometheus.answerValue(Map.of("job", "api"), 0);
    ObjectNode settings = settings("<", 0.01);
    settings.put("bearerTokenEnv", "PROMETHEUS_TOKEN");
    Secrets secrets =
        name -> name.equals("PROMETHEUS_TOKEN") ? Optional.of("s3cret") : Optional.empty();

    CheckResult result = create(settings, secrets).run(request(CheckStage.BAKE));

    assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
    assertThat(prometheus.queries().get(0).authorization()).contains("Bearer s3cret");
  }

  @Test
  void failsWhenTheTokenVariableIsNotSet() {
    ObjectNode settings = settings("<", 0.01);
    settings.put("bearerTokenEnv", "PROMETHEUS_TOKEN");

    CheckResult result = create(settings, name -> Optional.empty()).run(request(CheckStage.BAKE));

    assertThat(result)
        .isEqualTo(
            CheckResult.failed(
                "the bearer token variable PROMETHEUS_TOKEN, named by bearerTokenEnv, is not set"));
    assertThat(prometheus.queries()).isEmpty();
  }

  @Test
  void readsItsSettingsWithDefaultsAndRefusesWrongOnes() {
    PrometheusCheck check = (PrometheusCheck) check("<", 0.01);
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(check.failureThreshold()).isEqualTo(3);
    assertThat(check.settings().queryEndpoint())
        .isEqualTo(java.net.URI.create(prometheus.url() + "/api/v1/query"));

    ObjectNode badComparison = settings("<", 0.01).put("comparison", "=<");
    assertThat(invalid(badComparison).getMessage())
        .isEqualTo("comparison must be one of [<, <=, >, >=, ==], not '=<'");
    ObjectNode textThreshold = settings("<", 0.01).put("threshold", "1%");
    assertThat(invalid(textThreshold).field()).contains("threshold");
    ObjectNode withQuery = settings("<", 0.01).put("url", "http://prometheus:9090/?x=1");
    assertThat(invalid(withQuery).field()).contains("url");
    ObjectNode unknown = settings("<", 0.01).put("treshold", 1);
    assertThat(invalid(unknown).field()).contains("treshold");
  }

  private SlipwayException invalid(ObjectNode settings) {
    return catchThrowableOfType(
        SlipwayException.class, () -> create(settings, name -> Optional.empty()));
  }

  private Check check(String comparison, double threshold) {
    return create(settings(comparison, threshold), name -> Optional.empty());
  }

  private ObjectNode settings(String comparison, double threshold) {
    return JSON.createObjectNode()
        .put("type", "prometheus")
        .put("url", prometheus.url().toString())
        .put("query", ERROR_RATE)
        .put("comparison", comparison)
        .put("threshold", threshold);
  }

  private static Check create(ObjectNode settings, Secrets secrets) {
    return Plugins.discover()
        .createCheck(
            new PluginConfig("prometheus", settings, "checks[0]"),
            new PluginContext(
                new SlipwayConfig(Path.of("slipway.yaml"), Map.of(), Map.of(), Map.of()),
                Path.of("slipway-data"),
                secrets,
                new TestingClock()));
  }

  private static CheckRequest request(CheckStage stage) {
    return new CheckRequest(
        EnvironmentName.of("staging"), ComponentName.of("api"), stage, Optional.of(EXPECTED));
  }
}
