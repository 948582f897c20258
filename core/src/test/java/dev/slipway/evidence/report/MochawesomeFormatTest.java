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
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MochawesomeFormatTest {
  private final MochawesomeFormat format = new MochawesomeFormat();
  private final TestingReportListener listener = new TestingReportListener();

  @Test
  void readsACypressRunWithNestedSuitesAcrossSpecFiles() {
    ReportSummary summary = read("reports/mochawesome/cypress.json");

    assertThat(summary.tests()).isEqualTo(6);
    assertThat(summary.passed()).isEqualTo(2);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.errored()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(2);
    assertThat(summary.duration()).contains(Duration.ofMillis(9250));
    assertThat(listener.cases())
        .extracting(TestCaseResult::suite)
        .containsExactly(
            "checkout",
            "checkout",
            "checkout",
            "checkout > as a guest",
            "checkout > as a guest",
            "");
    TestCaseResult passed = listener.getCase("shows the cart");
    assertThat(passed.status()).isEqualTo(CaseStatus.PASSED);
    assertThat(passed.className()).isEqualTo("cypress/e2e/checkout.cy.js");
    assertThat(passed.duration()).contains(Duration.ofMillis(1532));
    assertThat(passed.message()).isEmpty();
    TestCaseResult failed = listener.getCase("applies a coupon");
    assertThat(failed.status()).isEqualTo(CaseStatus.FAILED);
    assertThat(failed.message())
        .hasValueSatisfying(m -> assertThat(m).contains("Expected to find content: 'Total: 90'"));
    assertThat(failed.details())
        .hasValueSatisfying(d -> assertThat(d).contains("checkout.cy.js:14:8"));
    assertThat(listener.getCase("ships abroad").status()).isEqualTo(CaseStatus.SKIPPED);
  }

  @Test
  void reportsAFailingHookAsAnErrorAndTheTestsItStoppedAsSkipped() {
    read("reports/mochawesome/cypress.json");

    TestCaseResult hook = listener.getCase("\"before each\" hook for \"pays by card\"");
    assertThat(hook.status()).isEqualTo(CaseStatus.ERRORED);
    assertThat(hook.message())
        .hasValueSatisfying(m -> assertThat(m).contains("503: Service Unavailable"));
    TestCaseResult stopped = listener.getCase("pays by card");
    assertThat(stopped.status()).isEqualTo(CaseStatus.SKIPPED);
    assertThat(stopped.className()).isEqualTo("cypress/e2e/checkout.cy.js");
  }

  @Test
  void readsTestsThatComeBeforeTheirSuitesTitleAndTheOlderSingleRootSuite() {
    String json =
        """
        {"suites": {"tests": [{"title": "t", "state": "passed", "duration": 3}],
                    "suites": [], "title": "", "file": "a.js"},
         "stats": {"duration": 7}}
        """;

    ReportSummary summary = readString(json);

    assertThat(summary.tests()).isEqualTo(1);
    assertThat(summary.duration()).contains(Duration.ofMillis(7));
    assertThat(listener.getCase("t").className()).isEqualTo("a.js");
  }

  @Test
  void countsATimedOutTestAsAnError() {
    readString(
        """
        {"results": [{"title": "s", "tests": [
          {"title": "slow", "state": "failed", "timedOut": true, "err": {"message": "Timeout of 2000ms exceeded"}}
        ], "suites": []}]}
        """);

    assertThat(listener.getCase("slow").status()).isEqualTo(CaseStatus.ERRORED);
    assertThat(listener.getCase("slow").message()).contains("Timeout of 2000ms exceeded");
  }

  @Test
  void namesTheLineAndColumnOfMalformedJson() {
    assertRefused(
        () -> read("reports/malformed/bad.json"),
        "mochawesome JSON report is malformed at line 4, column ");
    assertRefused(
        () -> read("reports/malformed/truncated.json"),
        "mochawesome JSON report is malformed at line 5, column 1: Unexpected end-of-input");
  }

  @Test
  void refusesJsonThatIsNotAMochawesomeReport() {
    assertRefused(
        () -> readString("{\"name\": \"package.json, perhaps\"}"),
        "mochawesome JSON report is not valid: it has no 'results'");
    assertRefused(
        () -> readString("[1, 2]"), "mochawesome JSON report is malformed at line 1, column 1");
    assertRefused(
        () -> readString("{\"results\": {}}"),
        "mochawesome JSON report is malformed at line 1, column 13: 'results' is a list");
  }

  private static void assertRefused(ThrowingCallable reading, String prefix) {
    assertThatThrownBy(reading)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("report");
              assertThat(e.getMessage()).startsWith(prefix);
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

  private ReportSummary readString(String json) {
    return format.read(new ByteArrayInputStream(json.getBytes(UTF_8)), listener);
  }
}
