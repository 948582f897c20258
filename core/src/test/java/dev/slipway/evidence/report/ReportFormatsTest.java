package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingReportListener;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {
  @Test
  void findsEachFormatByTheNameUsersGive() {
    for (String name : ReportFormats.names()) {
      ReportFormat format =
          name.equals(ExitCodeFormat.NAME) ? ReportFormats.exitCode(2) : ReportFormats.get(name);
      assertThat(format.name()).isEqualTo(name);
    }
    assertThat(ReportFormats.names())
        .containsExactly("junit", "mochawesome", "locust", "exit-code");
  }

  @Test
  void refusesAnUnknownNameListingTheFormats() {
    assertThatThrownBy(() -> ReportFormats.get("xunit"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("format");
              assertThat(e)
                  .hasMessage(
                      "there is no report format 'xunit'; the formats are junit, mochawesome,"
                          + " locust, exit-code");
            });
    assertThatThrownBy(() -> ReportFormats.get("exit-code"))
        .hasMessageContaining("needs the run's exit code");
  }

  @Test
  void tellsTheFormatFromTheFirstBytesAndLeavesThemToBeRead() throws IOException {
    assertThat(detectAndRead("reports/junit/gradle.xml").name()).isEqualTo("junit");
    assertThat(detectAndRead("reports/mochawesome/cypress.json").name()).isEqualTo("mochawesome");
    assertThat(detectAndRead("reports/locust/shop_stats.csv").name()).isEqualTo("locust");
  }

  @Test
  void skipsAByteOrderMarkAndBlankLinesBeforeTheReport() {
    byte[] xml = "\uFEFF\n\n  <testsuite name='s'><testcase name='t'/></testsuite>".getBytes(UTF_8);

    assertThat(ReportFormats.detect(xml))
        .hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("junit"));
  }

  @Test
  void refusesAStartThatFitsNoFormatQuotingIt() {
    InputStream log =
        new BufferedInputStream(new ByteArrayInputStream("smoke test ok\n".getBytes(UTF_8)));

    assertThatThrownBy(() -> ReportFormats.detect(log))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.field()).contains("format");
              assertThat(e)
                  .hasMessage(
                      "the report's format cannot be told from its start ('smoke test ok'); give"
                          + " it with --format, one of junit, mochawesome, locust, exit-code");
            });
  }

  private ReportFormat detectAndRead(String resource) throws IOException {
    try (InputStream input =
        new BufferedInputStream(getClass().getClassLoader().getResourceAsStream(resource))) {
      ReportFormat format = ReportFormats.detect(input);
      TestingReportListener listener = new TestingReportListener();
      ReportSummary summary = format.read(input, listener);
      assertThat(summary.tests()).as("%s read in full after detection", resource).isPositive();
      return format;
    }
  }
}
