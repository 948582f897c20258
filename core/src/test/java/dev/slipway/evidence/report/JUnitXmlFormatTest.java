package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingReportListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitXmlFormatTest {
  private final JUnitXmlFormat format = new JUnitXmlFormat();
  private final TestingReportListener listener = new TestingReportListener();

  @Test
  void readsASurefireReportThatThisBuildWrote() {
    ReportSummary summary =
        read("reports/junit/surefire-TEST-dev.slipway.config.DurationsTest.xml");

    assertThat(summary.tests()).isEqualTo(2);
    assertThat(summary.passed()).isEqualTo(2);
    assertThat(summary.green()).isTrue();
    assertThat(listener.cases())
        .extracting(TestCaseResult::name)
        .containsExactly(
            "readsTheShortFormsAndTheirSums",
            "refusesADurationTooLongToWaitAsAUserErrorOnTheField");
    TestCaseResult first = listener.cases().get(0);
    assertThat(first.suite()).isEqualTo("dev.slipway.config.DurationsTest");
    assertThat(first.className()).isEqualTo("dev.slipway.config.DurationsTest");
    assertThat(first.status()).isEqualTo(CaseStatus.PASSED);
    assertThat(first.duration()).isPresent();
    assertThat(first.message()).isEmpty();
    assertThat(summary.duration()).isPresent();
  }

  @Test
  void countsEveryReportSurefireHasWrittenSoFarInThisRunAsItsOwnTotalsSay() throws IOException {
    Path reports = Path.of("target", "surefire-reports");
    List<Path> written = List.of();
    if (Files.isDirectory(reports)) {
      try (Stream<Path> files = Files.list(reports)) {
        written =
            files
                .filter(file -> file.getFileName().toString().matches("TEST-.*\\.xml"))
                .sorted()
                .toList();
      }
    }
    assumeTrue(
        !written.isEmpty(),
        "no Surefire report in target/surefire-reports yet: this run has finished no test class"
            + " before this one");

    for (Path report : written) {
      // Read once and parse that text: Surefire may be writing another class's report right now,
      // and one not finished yet is left for a later run.
      String text = Files.readString(report, UTF_8);
      if (!text.stripTrailing().endsWith("</testsuite>")) {
        continue;
      }
      TestingReportListener cases = new TestingReportListener();
      ReportSummary summary;
      try (InputStream input = new ByteArrayInputStream(text.getBytes(UTF_8))) {
        summary = format.read(input, cases);
      }
      assertThat(summary.tests()).as("%s tests", report).isEqualTo(totals(text, "tests"));
      assertThat(summary.failed()).as("%s failures", report).isEqualTo(totals(text, "failures"));
      assertThat(summary.errored()).as("%s errors", report).isEqualTo(totals(text, "errors"));
      assertThat(summary.skipped()).as("%s skipped", report).isEqualTo(totals(text, "skipped"));
      assertThat(cases.cases()).hasSize((int) summary.tests());
    }
  }

  @Test
  void readsWhatNodesTestRunnerWritesForAPassingAFailingAndASkippedCase(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        commandAvailable("node", "--version"),
        "node is not installed here, so node's --test-reporter=junit was not tried (CI has it)");
    Path test = dir.resolve("checkout.test.mjs");
    Files.writeString(
        test,
        """
        import { describe, test } from 'node:test';
        import assert from 'node:assert';
        describe('checkout', () => {
          describe('cart', () => {
            test('adds an item', () => { assert.strictEqual(1 + 1, 2); });
            test('applies a coupon', () => { assert.strictEqual(90, 100); });
          });
          test('ships abroad', { skip: 'no carrier in staging' }, () => {});
        });
        """,
        UTF_8);
    Path report = dir.resolve("junit.xml");
    Process node =
        new ProcessBuilder(
                "node",
                "--test",
                "--test-reporter=junit",
                "--test-reporter-destination=" + report,
                test.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("node-output.txt").toFile())
            .start();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(node.exitValue()).as("node's exit code with a failing test").isEqualTo(1);

    ReportSummary summary = readFile(report);

    assertThat(summary.tests()).isEqualTo(3);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.green()).isFalse();
    TestCaseResult passed = listener.getCase("adds an item");
    assertThat(passed.status()).isEqualTo(CaseStatus.PASSED);
    assertThat(passed.suite()).isEqualTo("checkout > cart");
    TestCaseResult failed = listener.getCase("applies a coupon");
    assertThat(failed.status()).isEqualTo(CaseStatus.FAILED);
    assertThat(failed.suite()).isEqualTo("checkout > cart");
    assertThat(failed.message()).hasValueSatisfying(m -> assertThat(m).contains("90 !== 100"));
    assertThat(failed.details())
        .hasValueSatisfying(d -> assertThat(d).contains("checkout.test.mjs:6"));
    TestCaseResult skipped = listener.getCase("ships abroad");
    assertThat(skipped.status()).isEqualTo(CaseStatus.SKIPPED);
    assertThat(skipped.suite()).isEqualTo("checkout");
    assertThat(skipped.message()).contains("no carrier in staging");
  }

  @Test
  void tellsACaseThatPassedOnARerunFromOneThatFailedEveryRerun() {
    ReportSummary summary = read("reports/junit/surefire-reruns.xml");

    assertThat(summary.tests()).isEqualTo(4);
    assertThat(summary.flaky()).isEqualTo(1);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.errored()).isEqualTo(1);
    TestCaseResult flaky = listener.getCase("paysWithCard");
    assertThat(flaky.status()).isEqualTo(CaseStatus.PASSED);
    assertThat(flaky.flaky()).isTrue();
    assertThat(flaky.message()).contains("expected: <200> but was: <503>");
    assertThat(flaky.details())
        .hasValueSatisfying(d -> assertThat(d).contains("CheckoutTest.java:42"));
    assertThat(flaky.systemOut()).as("the failed attempt's output is not the case's").isEmpty();
    TestCaseResult failed = listener.getCase("refunds");
    assertThat(failed.status()).isEqualTo(CaseStatus.FAILED);
    assertThat(failed.flaky()).isFalse();
    assertThat(failed.message()).contains("refund not recorded");
    assertThat(failed.systemOut()).contains("refund requested for order 17\n");
    TestCaseResult erroredOnEveryRun = listener.getCase("cancels");
    assertThat(erroredOnEveryRun.status()).isEqualTo(CaseStatus.ERRORED);
    assertThat(erroredOnEveryRun.message()).contains("Connection refused");
    assertThat(listener.getCase("addsToCart").flaky()).isFalse();
  }

  @Test
  void readsGradlesReportWithItsOutputPerSuite() {
    ReportSummary summary = read("reports/junit/gradle.xml");

    assertThat(summary.tests()).isEqualTo(3);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.duration()).contains(Duration.ofMillis(482));
    TestCaseResult failed = listener.getCase("reportsTheVersion()");
    assertThat(failed.message())
        .contains("org.opentest4j.AssertionFailedError: expected: <1.4.2> but was: <1.4.1>");
    assertThat(failed.details())
        .hasValueSatisfying(d -> assertThat(d).contains("StatusEndpointTest.java:31"));
    assertThat(failed.duration()).contains(Duration.ofMillis(171));
    assertThat(listener.getCase("reportsUptime()").status()).isEqualTo(CaseStatus.SKIPPED);
    assertThat(listener.suiteOutputs())
        .containsExactly(
            new TestingReportListener.SuiteOutput(
                "com.example.StatusEndpointTest",
                "system-out",
                "Started StatusEndpointTest on port 41233\n"));
  }

  @Test
  void readsPytestsSetupErrorsSkipsAndExpectedFailures() {
    ReportSummary summary = read("reports/junit/pytest.xml");

    assertThat(summary.tests()).isEqualTo(5);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.errored()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(2);
    assertThat(summary.duration()).contains(Duration.ofMillis(913));
    TestCaseResult failed = listener.getCase("test_login");
    assertThat(failed.suite()).isEqualTo("pytest");
    assertThat(failed.className()).isEqualTo("tests.test_smoke");
    assertThat(failed.message())
        .contains(
            "AssertionError: assert 500 == 200\n +  where 500 = <Response [500]>.status_code");
    assertThat(failed.systemOut())
        .hasValueSatisfying(out -> assertThat(out).contains("POST /login"));
    TestCaseResult errored = listener.getCase("test_db");
    assertThat(errored.status()).isEqualTo(CaseStatus.ERRORED);
    assertThat(errored.message())
        .contains(
            "failed on setup with \"ConnectionRefusedError: [Errno 111] Connection refused\"");
    assertThat(listener.getCase("test_search").message())
        .contains("search is not deployed to staging");
    assertThat(listener.getCase("test_export").status()).isEqualTo(CaseStatus.SKIPPED);
    assertThat(listener.getCase("test_home_page").status()).isEqualTo(CaseStatus.PASSED);
  }

  @Test
  void takesTheMessageFromTheFirstLineWhenJestJunitGivesNone() {
    ReportSummary summary = read("reports/junit/jest-junit.xml");

    assertThat(summary.tests()).isEqualTo(4);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.duration()).contains(Duration.ofMillis(3214));
    TestCaseResult failed = listener.getCase("cart applies a coupon");
    assertThat(failed.suite()).isEqualTo("cart");
    assertThat(failed.message())
        .contains("Error: expect(received).toBe(expected) // Object.is equality");
    assertThat(failed.details()).hasValueSatisfying(d -> assertThat(d).contains("Received: 100"));
    assertThat(listener.suiteOutputs())
        .singleElement()
        .satisfies(
            output -> {
              assertThat(output.suite()).isEqualTo("search");
              assertThat(output.text()).contains("indexing 3 documents");
            });
  }

  @Test
  void readsGotestsumWithSubtestsAndTheGoOutputAsDetails() {
    ReportSummary summary = read("reports/junit/gotestsum.xml");

    assertThat(summary.tests()).isEqualTo(4);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.duration()).contains(Duration.ofMillis(1734));
    TestCaseResult failed = listener.getCase("TestOrders");
    assertThat(failed.suite()).isEqualTo("example.org/shop/api");
    assertThat(failed.className()).isEqualTo("example.org/shop/api");
    assertThat(failed.message()).contains("Failed");
    assertThat(failed.details())
        .hasValueSatisfying(d -> assertThat(d).contains("got 2 orders, want 3"));
    assertThat(listener.getCase("TestOrders/empty").status()).isEqualTo(CaseStatus.PASSED);
    assertThat(listener.getCase("TestFlags").message())
        .hasValueSatisfying(m -> assertThat(m).contains("needs a terminal"));
  }

  @Test
  void keepsTheEndOfLongOutputAndTheStartOfLongStackTracesSayingHowMuchWasDropped() {
    String output = "line of output\n".repeat(10_000) + "the last line";
    String trace = "at frame\n".repeat(10_000);
    String message = "m".repeat(JUnitXmlFormat.MESSAGE_LIMIT + 10);
    String xml =
        "<testsuite name='s'><testcase name='long' classname='c'>"
            + "<failure message='"
            + message
            + "'>first frame\n"
            + trace
            + "</failure>"
            + "<system-out><![CDATA["
            + output
            + "]]></system-out>"
            + "<system-err>"
            + output
            + "</system-err>"
            + "</testcase></testsuite>";

    readString(xml);

    TestCaseResult testCase = listener.getCase("long");
    int droppedOutput = output.length() - JUnitXmlFormat.OUTPUT_LIMIT;
    assertThat(testCase.systemOut())
        .contains(
            "["
                + droppedOutput
                + " earlier characters of system-out dropped]\n"
                + output.substring(droppedOutput));
    assertThat(testCase.systemErr())
        .contains(
            "["
                + droppedOutput
                + " earlier characters of system-err dropped]\n"
                + output.substring(droppedOutput));
    String fullTrace = "first frame\n" + trace;
    assertThat(testCase.details())
        .contains(
            fullTrace.substring(0, JUnitXmlFormat.DETAILS_LIMIT)
                + "\n["
                + (fullTrace.length() - JUnitXmlFormat.DETAILS_LIMIT)
                + " more characters of the details dropped]");
    assertThat(testCase.message())
        .contains(
            "m".repeat(JUnitXmlFormat.MESSAGE_LIMIT)
                + "\n[10 more characters of the message dropped]");
  }

  @Test
  void refusesADocumentWithADtdBeforeReadingAnyFile() {
    assertRefused(
        () -> read("reports/hostile/external-entity.xml"),
        "JUnit XML report is malformed at line 2, column 1: ",
        "DTDs are not accepted");
    assertThat(listener.cases()).isEmpty();
  }

  @Test
  void refusesTheBillionLaughsWithoutExpandingThem() {
    assertRefused(
        () -> read("reports/hostile/billion-laughs.xml"),
        "JUnit XML report is malformed at line 2, column 1: ",
        "DTDs are not accepted");
    assertThat(listener.cases()).isEmpty();
  }

  @Test
  void refusesAnEntityThatWasNeverDeclared() {
    assertRefused(
        () -> read("reports/hostile/undeclared-entity.xml"),
        "JUnit XML report is malformed at line 3, column ",
        "secret");
  }

  @Test
  void namesTheLineAndColumnWhereATruncatedReportEnds() {
    assertRefused(
        () -> read("reports/malformed/truncated.xml"),
        "JUnit XML report is malformed at line 6, column 1: ",
        "");
  }

  @Test
  void namesTheLineAndColumnOfAnEndTagThatDoesNotMatch() {
    assertRefused(
        () -> read("reports/malformed/mismatched.xml"),
        "JUnit XML report is malformed at line 4, column ",
        "testcase");
  }

  @Test
  void refusesADocumentThatIsNotAJUnitReport() {
    assertRefused(
        () -> read("reports/malformed/not-junit.xml"),
        "JUnit XML report is malformed at line 2, column 1: the root element is <html>",
        "");
  }

  @Test
  void refusesAnEmptyDocument() {
    assertRefused(() -> readString(""), "JUnit XML report is malformed at line 1, column 1", "");
  }

  @Test
  void readsATimeWrittenWithAGroupingCommaAndIgnoresOneThatIsNoTime() {
    readString(
        "<testsuites><testsuite name='s'>"
            + "<testcase name='slow' time='1,234.5'/>"
            + "<testcase name='odd' time='soon'/>"
            + "<testcase name='negative' time='-1'/>"
            + "</testsuite></testsuites>");

    assertThat(listener.getCase("slow").duration()).contains(Duration.ofMillis(1_234_500));
    assertThat(listener.getCase("odd").duration()).isEmpty();
    assertThat(listener.getCase("negative").duration()).isEmpty();
  }

  @Test
  void refusesSuitesNestedBeyondAnyToolsDepth() {
    String xml = "<testsuite>".repeat(101) + "</testsuite>".repeat(101);

    assertRefused(() -> readString(xml), "", "test suites nest deeper than 100");
  }

  @Test
  void refusesAnAttributeOfMoreThanAMegabyteWithItsLine() {
    String xml =
        "<testsuite name='s'>\n<testcase name='"
            + "n".repeat(1024 * 1024 + 1)
            + "'/>\n</testsuite>";

    assertRefused(() -> readString(xml), "JUnit XML report is malformed at line 2, column ", "");
    assertThat(listener.cases()).isEmpty();
  }

  private static void assertRefused(ThrowingCallable reading, String prefix, String part) {
    assertThatThrownBy(reading)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("report");
              assertThat(e.getMessage()).startsWith(prefix).contains(part);
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

  private ReportSummary readFile(Path file) throws IOException {
    try (InputStream input = Files.newInputStream(file)) {
      return format.read(input, listener);
    }
  }

  private ReportSummary readString(String xml) {
    return format.read(new ByteArrayInputStream(xml.getBytes(UTF_8)), listener);
  }

  /**
   * Counts the report's own elements rather than trusting its root's totals: Surefire writes {@code
   * tests="0"} on the report of a class whose cases all run in {@code @Nested} classes, yet lists
   * those cases in it.
   */
  /** Stack traces and output of earlier failed runs may quote a {@code <failure>} as text. */
  private static final Pattern CDATA = Pattern.compile("<!\\[CDATA\\[.*?]]>", Pattern.DOTALL);

  private static long totals(String report, String attribute) {
    String element =
        switch (attribute) {
          case "tests" -> "testcase";
          case "failures" -> "failure";
          case "errors" -> "error";
          case "skipped" -> "skipped";
          default -> throw new IllegalArgumentException(attribute);
        };
    String markup = CDATA.matcher(report).replaceAll("");
    return Pattern.compile("<" + element + "[\\s/>]").matcher(markup).results().count();
  }

  static boolean commandAvailable(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
