package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.evidence.report.JUnitXmlFormat;
import dev.slipway.evidence.report.ReportListener;
import dev.slipway.evidence.report.ReportSummary;
import dev.slipway.evidence.report.TestCaseResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The measured side of {@link ReportIngestBenchmark}, run in a JVM of its own with a capped heap:
 * reads one JUnit XML file with Slipway's junit format and a listener that keeps nothing, then
 * prints one line with what it read, how long reading took, and its peak resident memory.
 */
public final class ReportIngestChild {
  private ReportIngestChild() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ReportIngestChild FILE");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    Counting counting = new Counting();
    long start = System.nanoTime();
    ReportSummary summary;
    try (InputStream input = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      summary = new JUnitXmlFormat().read(input, counting);
    }
    long nanos = System.nanoTime() - start;
    System.out.printf(
        Locale.ROOT,
        "cases=%d failed=%d errored=%d skipped=%d handed=%d outputChars=%d parseNanos=%d"
            + " peakRssKib=%d%n",
        summary.tests(),
        summary.failed(),
        summary.errored(),
        summary.skipped(),
        counting.cases,
        counting.outputChars,
        nanos,
        peakResidentKib());
  }

  /** Keeps nothing but counts, so that only reading is measured. */
  private static final class Counting implements ReportListener {
    long cases;
    long outputChars;

    @Override
    public void testCase(TestCaseResult testCase) {
      cases++;
      outputChars += testCase.systemOut().map(String::length).orElse(0);
      outputChars += testCase.details().map(String::length).orElse(0);
    }
  }

  private static long peakResidentKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"), UTF_8)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring(6).replace("kB", "").strip());
      }
    }
    return -1;
  }
}
