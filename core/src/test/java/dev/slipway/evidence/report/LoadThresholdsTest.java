package dev.slipway.evidence.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingReportListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadThresholdsTest {
  private static final String FIELD = "suites.load.thresholds";

  @Test
  void saysWhichEndpointBrokeWhichThreshold() {
    LoadThresholds thresholds =
        LoadThresholds.parse(
            List.of("p95 < 500ms for each endpoint", "failureRatio < 1%", "avg < 0.2s for GET /"),
            FIELD);

    List<ThresholdBreach> breaches = thresholds.evaluate(shopStats());

    assertThat(breaches)
        .extracting(ThresholdBreach::reason)
        .containsExactly(
            "p95 of GET /api/orders was 812 ms; the threshold is 'p95 < 500ms for each endpoint'",
            "GET /api/unused measured no p95 (0 requests); the threshold is 'p95 < 500ms for each"
                + " endpoint'");
    assertThat(breaches.get(0).endpoint()).isEqualTo("GET /api/orders");
    assertThat(breaches.get(0).value()).contains(812.0);
  }

  @Test
  void judgesTheWholeRunByTheAggregatedRowUnlessAnEndpointIsNamed() {
    List<EndpointStats> stats = shopStats();

    assertThat(LoadThresholds.parse(List.of("p95 < 500ms"), FIELD).evaluate(stats))
        .extracting(ThresholdBreach::reason)
        .containsExactly("p95 of Aggregated was 560 ms; the threshold is 'p95 < 500ms'");
    assertThat(LoadThresholds.parse(List.of("failureRatio < 0.5%"), FIELD).evaluate(stats))
        .extracting(ThresholdBreach::reason)
        .containsExactly(
            "the failure ratio of Aggregated was 0.87 %; the threshold is 'failureRatio < 0.5%'");
    assertThat(LoadThresholds.parse(List.of("p99.9 <= 3s for /api/orders"), FIELD).evaluate(stats))
        .isEmpty();
    assertThat(LoadThresholds.parse(List.of("requests >= 5000"), FIELD).evaluate(stats))
        .extracting(ThresholdBreach::reason)
        .containsExactly(
            "the request count of Aggregated was 3914; the threshold is 'requests >= 5000'");
  }

  @Test
  void breaksAThresholdOnAnEndpointTheReportDoesNotHave() {
    List<ThresholdBreach> breaches =
        LoadThresholds.parse(List.of("median < 100ms for GET /api/search"), FIELD)
            .evaluate(shopStats());

    assertThat(breaches)
        .extracting(ThresholdBreach::reason)
        .containsExactly(
            "the report has no row for GET /api/search; the threshold is 'median < 100ms for GET"
                + " /api/search'");
  }

  @Test
  void refusesAThresholdItCannotReadQuotingItAndItsPlace() {
    assertRefused(
        "p95 500ms", FIELD + "[1]", "threshold 'p95 500ms' cannot be read: write it like");
    assertRefused(
        "speed < 5ms", FIELD + "[1]", "threshold 'speed < 5ms' cannot be read: 'speed' is not");
    assertRefused(
        "p95 < 500",
        FIELD + "[1]",
        "threshold 'p95 < 500' cannot be read: a time needs a unit, ms or s, not no unit");
    assertRefused(
        "failureRatio < 5",
        FIELD + "[1]",
        "threshold 'failureRatio < 5' cannot be read: a failure ratio is a percentage");
    assertRefused("p101 < 1s", FIELD + "[1]", "a percentile is above 0 and at most 100");
    assertRefused("requests > 1.5", FIELD + "[1]", "a count is a whole number");
  }

  private static void assertRefused(String threshold, String field, String message) {
    assertThatThrownBy(() -> LoadThresholds.parse(List.of("p50 < 1s", threshold), FIELD))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains(field);
              assertThat(e.getMessage()).contains(message);
            });
  }

  private List<EndpointStats> shopStats() {
    TestingReportListener listener = new TestingReportListener();
    try (InputStream input =
        getClass().getClassLoader().getResourceAsStream("reports/locust/shop_stats.csv")) {
      new LocustCsvFormat().read(input, listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return listener.endpoints();
  }
}
