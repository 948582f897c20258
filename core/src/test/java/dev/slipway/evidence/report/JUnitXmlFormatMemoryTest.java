package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitXmlFormatMemoryTest {
  /** Larger than the child's whole heap, as characters, in each of three places. */
  private static final long HUGE = 48L * 1024 * 1024;

  private static final String HEAP = "-Xmx16m";

  @Test
  void readsOutputAndStackTracesLargerThanTheHeapInAJvmWithASixteenMegabyteHeap(@TempDir Path dir)
      throws Exception {
    Path printed = dir.resolve("child.txt");
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                HugeReport.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(printed.toFile())
            .start();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child finished").isTrue();
    String output = Files.readString(printed, UTF_8);

    assertThat(child.exitValue()).as(output).isZero();
    long kept = JUnitXmlFormat.OUTPUT_LIMIT;
    assertThat(output.strip())
        .isEqualTo(
            "status=FAILED systemOutDropped="
                + (HUGE - kept)
                + " systemErrDropped="
                + (HUGE - kept)
                + " detailsKept="
                + JUnitXmlFormat.DETAILS_LIMIT);
  }

  /** Reads one generated case with huge output in CDATA and in text, and a huge stack trace. */
  static final class HugeReport {
    private HugeReport() {}

    public static void main(String[] args) {
      InputStream report =
          new SequenceInputStream(
              Collections.enumeration(
                  List.of(
                      text("<testsuite name='huge'><testcase name='big' classname='c'>"),
                      text("<failure message='too big'>"),
                      new RepeatingStream(HUGE),
                      text("</failure><system-out><![CDATA["),
                      new RepeatingStream(HUGE),
                      text("]]></system-out><system-err>"),
                      new RepeatingStream(HUGE),
                      text("</system-err></testcase></testsuite>"))));
      TestCaseResult[] read = new TestCaseResult[1];
      new JUnitXmlFormat().read(report, testCase -> read[0] = testCase);
      TestCaseResult testCase = read[0];
      System.out.println(
          "status="
              + testCase.status()
              + " systemOutDropped="
              + dropped(testCase.systemOut().orElseThrow())
              + " systemErrDropped="
              + dropped(testCase.systemErr().orElseThrow())
              + " detailsKept="
              + testCase.details().orElseThrow().indexOf("\n[", JUnitXmlFormat.DETAILS_LIMIT - 1));
    }

    private static String dropped(String kept) {
      return kept.substring(1, kept.indexOf(' '));
    }

    private static InputStream text(String value) {
      return new ByteArrayInputStream(value.getBytes(UTF_8));
    }
  }

  /** Lines of log text, generated as they are read, up to a number of bytes. */
  private static final class RepeatingStream extends InputStream {
    private static final byte[] LINE = "a line of output that goes on\n".getBytes(UTF_8);
    private final long size;
    private long position;

    RepeatingStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? LINE[(int) (position++ % LINE.length)] : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int count = (int) Math.min(length, size - position);
      for (int i = 0; i < count; i++) {
        buffer[offset + i] = LINE[(int) (position++ % LINE.length)];
      }
      return count;
    }
  }
}
