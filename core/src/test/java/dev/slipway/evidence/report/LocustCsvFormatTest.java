package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingReportListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LocustCsvFormatTest {
  private final LocustCsvFormat format = new LocustCsvFormat();
  private final TestingReportListener listener = new TestingReportListener();

  @Test
  void readsEveryEndpointAndTheAggregatedRow() {
    ReportSummary summary = read("reports/locust/shop_stats.csv");

    assertThat(summary.tests()).isEqualTo(4);
    assertThat(summary.green()).isTrue();
    assertThat(listener.endpoints())
        .extracting(EndpointStats::name)
        .containsExactly("/", "/api/orders", "/api/orders?coupon=a,b", "/api/unused", "Aggregated");
    EndpointStats orders = listener.getEndpoint("/api/orders");
    assertThat(orders.method()).isEqualTo("GET");
    assertThat(orders.requests()).isEqualTo(2410);
    assertThat(orders.failures()).isEqualTo(31);
    assertThat(orders.averageMillis()).isEqualTo(188.4);
    assertThat(orders.percentilesMillis())
        .containsEntry(50.0, 120.0)
        .containsEntry(95.0, 812.0)
        .containsEntry(99.9, 3000.0)
        .containsEntry(100.0, 3020.0)
        .hasSize(11);
    assertThat(listener.getEndpoint("/api/orders?coupon=a,b").method()).isEqualTo("POST");
    EndpointStats aggregated = listener.getEndpoint("Aggregated");
    assertThat(aggregated.method()).isEmpty();
    assertThat(aggregated.failureRatio()).isEqualTo(34.0 / 3914);
  }

  @Test
  void leavesOutThePercentilesOfAnEndpointThatMeasuredNothing() {
    read("reports/locust/shop_stats.csv");

    EndpointStats unused = listener.getEndpoint("/api/unused");
    assertThat(unused.requests()).isZero();
    assertThat(unused.percentilesMillis()).isEmpty();
  }

  @Test
  void readsTheColumnNamesOfLocustBefore1() {
    String csv =
        "\"Method\",\"Name\",\"# requests\",\"# failures\",\"Median response time\","
            + "\"Average response time\",\"Min response time\",\"Max response time\","
            + "\"Average Content Size\",\"Requests/s\",\"50%\",\"95%\",\"100%\"\n"
            + "\"GET\",\"/\",10,1,40,42.5,30,80,100,1.0,40,70,80\n"
            + "\"None\",\"Total\",10,1,40,42.5,30,80,100,1.0,40,70,80\n";

    readString(csv);

    EndpointStats root = listener.getEndpoint("/");
    assertThat(root.requests()).isEqualTo(10);
    assertThat(root.failures()).isEqualTo(1);
    assertThat(root.percentilesMillis()).containsEntry(95.0, 70.0);
  }

  @Test
  void namesTheLineAndColumnOfAValueThatIsNotANumber() {
    assertRefused(
        () -> read("reports/malformed/bad-number_stats.csv"),
        "Locust CSV report is malformed at line 3, column 'Failure Count': 'many' is not a whole"
            + " number");
  }

  @Test
  void namesTheLineOfARowWithMissingFields() {
    assertRefused(
        () -> read("reports/malformed/short-row_stats.csv"),
        "Locust CSV report is malformed at line 3: it has 5 fields where the header has 22");
  }

  @Test
  void namesTheLineWhereAQuoteIsNeverClosed() {
    assertRefused(
        () -> read("reports/malformed/unclosed-quote_stats.csv"),
        "Locust CSV report is malformed at line 2: a quoted field is never closed");
  }

  @Test
  void refusesLocustsHistoryFileForTheStatisticsOne() {
    assertRefused(
        () -> read("reports/malformed/history.csv"),
        "Locust CSV report is malformed at line 1: the header has no column 'Request Count'");
  }

  @Test
  void refusesAnEmptyFile() {
    assertRefused(() -> readString(""), "Locust CSV report is not valid: it is empty");
  }

  private static void assertRefused(ThrowingCallable reading, String message) {
    assertThatThrownBy(reading)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("report");
              assertThat(e.getMessage()).startsWith(message);
            });
  }

  private ReportSummary read(String resource) {
    try (InputStream input = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(input).as(resource).isNotNull();
      return format.read(input, listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ReportSummary readString(String csv) {
    return format.read(new ByteArrayInputStream(csv.getBytes(UTF_8)), listener);
  }
}
