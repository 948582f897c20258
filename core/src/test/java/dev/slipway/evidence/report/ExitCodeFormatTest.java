package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestingReportListener;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ExitCodeFormatTest {
  private final TestingReportListener listener = new TestingReportListener();

  @Test
  void handsOnEveryLineAndIsGreenOnlyWhenTheRunExitedWithZero() {
    ReportSummary failed = read(new ExitCodeFormat(3), "checking /_status\r\nGET 503\nfailed\n");

    assertThat(listener.logLines()).containsExactly("checking /_status", "GET 503", "failed");
    assertThat(failed.exitCode()).contains(3);
    assertThat(failed.tests()).isZero();
    assertThat(failed.green()).isFalse();
    assertThat(read(new ExitCodeFormat(0), "ok").green()).isTrue();
    assertThat(listener.logLines()).endsWith("ok");
  }

  @Test
  void keepsBlankLinesAndOldMacLineEndingsAndReplacesBytesThatAreNotUtf8() {
    byte[] log = {'a', '\r', '\r', 'b', '\n', '\n', (byte) 0xff, 'c'};

    new ExitCodeFormat(0).read(new ByteArrayInputStream(log), listener);

    assertThat(listener.logLines()).containsExactly("a", "", "b", "", "\uFFFDc");
  }

  @Test
  void cutsALineLongerThanTheLimitSayingHowMuchWasDropped() {
    String line = "x".repeat(ExitCodeFormat.LINE_LIMIT + 5);

    read(new ExitCodeFormat(1), line + "\nnext\n");

    assertThat(listener.logLines())
        .containsExactly(
            "x".repeat(ExitCodeFormat.LINE_LIMIT) + " [5 more characters of this line dropped]",
            "next");
  }

  private ReportSummary read(ExitCodeFormat format, String log) {
    return format.read(new ByteArrayInputStream(log.getBytes(UTF_8)), listener);
  }
}
