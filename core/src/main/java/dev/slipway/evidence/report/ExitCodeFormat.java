package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A run that only printed, such as a smoke script: its exit code, given on its own (the upload's
 * {@code --exit-code}), and its log, the stream this format reads. Each line of the log goes to
 * {@link ReportListener#logLine}; the summary holds the exit code and no test cases, and is green
 * when the code is 0.
 *
 * <p>The log is read as UTF-8 (bytes that are not become U+FFFD); a line ends at {@code \n}, {@code
 * \r\n} or {@code \r}. A line longer than {@link #LINE_LIMIT} characters is cut there with a note
 * of how much was dropped, so memory stays flat whatever the log holds.
 */
public final class ExitCodeFormat implements ReportFormat {
  public static final String NAME = "exit-code";

  /** How much of one log line is kept: its beginning. */
  public static final int LINE_LIMIT = 64 * 1024;

  private final int exitCode;

  /**
   * @param exitCode the run's exit code, as its shell reported it (0 for success)
   */
  public ExitCodeFormat(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReportSummary read(InputStream input, ReportListener listener) {
    requireNonNull(input, "input is null");
    requireNonNull(listener, "listener is null");
    Reader log =
        new InputStreamReader(
            input,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    char[] buffer = new char[8192];
    StringBuilder line = new StringBuilder();
    long dropped = 0;
    boolean pending = false;
    boolean afterCarriageReturn = false;
    try {
      int read;
      while ((read = log.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          char c = buffer[i];
          if (c == '\n' && afterCarriageReturn) {
            afterCarriageReturn = false;
            continue;
          }
          afterCarriageReturn = c == '\r';
          if (c == '\n' || c == '\r') {
            listener.logLine(finish(line, dropped));
            line.setLength(0);
            dropped = 0;
            pending = false;
          } else if (line.length() < LINE_LIMIT) {
            line.append(c);
            pending = true;
          } else {
            dropped++;
          }
        }
      }
    } catch (IOException e) {
      throw ReportErrors.unreadable("log of an exit-code", e);
    }
    if (pending) {
      listener.logLine(finish(line, dropped));
    }
    return new ReportSummary(0, 0, 0, 0, 0, Optional.empty(), Optional.of(exitCode));
  }

  private static String finish(StringBuilder line, long dropped) {
    return dropped == 0
        ? line.toString()
        : line + " [" + dropped + " more characters of this line dropped]";
  }
}
