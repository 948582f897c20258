package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a large JUnit XML report shaped like Surefire's: suites of a thousand cases, every case
 * with some lines of {@code system-out}, one in fifty failing with a long stack trace and output on
 * {@code system-err}, one in two hundred erroring, one in a hundred skipped. The output of each
 * case is sized so that the file comes close to the size asked for.
 *
 * @param cases how many test cases the report holds
 * @param failed how many of them fail
 * @param errored how many of them error
 * @param skipped how many of them are skipped
 * @param bytes the file's size
 */
record GeneratedJUnitReport(long cases, long failed, long errored, long skipped, long bytes) {
  static final int CASES_PER_SUITE = 1000;

  private static final String STACK_TRACE;

  static {
    StringBuilder trace =
        new StringBuilder(
            "org.opentest4j.AssertionFailedError: expected: <200> but was: <503>\n"
                + "\tat org.junit.jupiter.api.AssertionFailureBuilder.build("
                + "AssertionFailureBuilder.java:151)\n");
    for (int frame = 0; frame < 40; frame++) {
      trace
          .append("\tat dev.example.orders.OrderServiceTest$Nested")
          .append(frame)
          .append(".call(OrderServiceTest.java:")
          .append(100 + frame)
          .append(")\n");
    }
    STACK_TRACE = trace.toString();
  }

  /** Writes the report to {@code file}, aiming at {@code targetBytes}. */
  static GeneratedJUnitReport write(Path file, long cases, long targetBytes) throws IOException {
    try (CountingStream counting = new CountingStream(Files.newOutputStream(file));
        Writer out =
            new OutputStreamWriter(new BufferedOutputStream(counting, 1 << 20), US_ASCII)) {
      long failed = 0;
      long errored = 0;
      long skipped = 0;
      out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      out.write("<testsuites name=\"generated\">\n");
      long suites = (cases + CASES_PER_SUITE - 1) / CASES_PER_SUITE;
      // The bytes of a case besides its output, measured on the first suite and refined after.
      long overheadPerCase = 400;
      for (long suite = 0; suite < suites; suite++) {
        out.flush();
        long before = counting.count;
        long casesLeft = cases - suite * CASES_PER_SUITE;
        long inSuite = Math.min(CASES_PER_SUITE, casesLeft);
        long budget = Math.max(0, (targetBytes - before) / casesLeft - overheadPerCase);
        String suiteName =
            String.format(Locale.ROOT, "dev.example.orders.Generated%04dTest", suite);
        out.write("  <testsuite name=\"" + suiteName + "\" tests=\"" + inSuite + "\">\n");
        out.write("    <properties>\n");
        out.write("      <property name=\"java.version\" value=\"17.0.15\"/>\n");
        out.write("    </properties>\n");
        long outputChars = 0;
        for (long i = 0; i < inSuite; i++) {
          long n = suite * CASES_PER_SUITE + i;
          out.write("    <testcase name=\"handlesOrder");
          out.write(Long.toString(n));
          out.write("\" classname=\"");
          out.write(suiteName);
          out.write("\" time=\"0.");
          out.write(String.format(Locale.ROOT, "%03d", n % 997));
          out.write("\">\n");
          if (n % 50 == 7) {
            failed++;
            out.write(
                "      <failure message=\"expected: &lt;200&gt; but was: &lt;503&gt;\""
                    + " type=\"org.opentest4j.AssertionFailedError\"><![CDATA[");
            out.write(STACK_TRACE);
            out.write("]]></failure>\n      <system-err><![CDATA[");
            out.write(STACK_TRACE);
            out.write("]]></system-err>\n");
          } else if (n % 200 == 11) {
            errored++;
            out.write(
                "      <error message=\"Connection refused\" type=\"java.net.ConnectException\">");
            out.write("java.net.ConnectException: Connection refused\n\tat dev.example.Db.open\n");
            out.write("</error>\n");
          } else if (n % 100 == 13) {
            skipped++;
            out.write("      <skipped message=\"needs the payment sandbox\"/>\n");
          }
          out.write("      <system-out><![CDATA[");
          outputChars += writeLog(out, n, budget);
          out.write("]]></system-out>\n    </testcase>\n");
        }
        out.write("  </testsuite>\n");
        out.flush();
        overheadPerCase = (counting.count - before - outputChars) / inSuite;
      }
      out.write("</testsuites>\n");
      out.flush();
      return new GeneratedJUnitReport(cases, failed, errored, skipped, counting.count);
    }
  }

  private static long writeLog(Writer out, long n, long budget) throws IOException {
    long written = 0;
    int line = 0;
    while (written < budget) {
      String text =
          String.format(
              Locale.ROOT,
              "2026-11-22T06:00:00.123Z INFO  [http-nio-8080-exec-7]"
                  + " dev.example.orders.OrderService - handled GET /api/orders/%d in %d ms\n",
              n * 31 + line,
              (n + line) % 250);
      if (written + text.length() > budget) {
        text = text.substring(0, (int) (budget - written));
      }
      out.write(text);
      written += text.length();
      line++;
    }
    return written;
  }

  /** Counts the bytes that reach the file. */
  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
