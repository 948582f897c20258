package dev.slipway.evidence.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The report formats by the names users give with {@code --format}, and the format of a report
 * given without one, told from its first bytes.
 */
public final class ReportFormats {
  /** The field a wrong format name is blamed on. */
  public static final String FIELD = "format";

  /** How many bytes {@link #detect} looks at. */
  public static final int DETECTION_BYTES = 8192;

  private static final List<String> NAMES =
      List.of(
          JUnitXmlFormat.NAME, MochawesomeFormat.NAME, LocustCsvFormat.NAME, ExitCodeFormat.NAME);

  private ReportFormats() {}

  /** The names of every format, in the order the documentation lists them. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The format of that name, for every format that needs nothing but the report.
   *
   * @throws SlipwayException an invalid-input error on {@code format} for an unknown name, and for
   *     {@code exit-code}, which needs the run's exit code: use {@link #exitCode(int)}
   */
  public static ReportFormat get(String name) {
    requireNonNull(name, "name is null");
    return find(name)
        .orElseThrow(
            () ->
                name.equals(ExitCodeFormat.NAME)
                    ? SlipwayException.invalid(
                        FIELD, "the exit-code format needs the run's exit code as well as its log")
                    : SlipwayException.invalid(
                        FIELD,
                        "there is no report format '%s'; the formats are %s",
                        name,
                        String.join(", ", NAMES)));
  }

  /** The format of that name, empty when there is none or it is {@code exit-code}. */
  public static Optional<ReportFormat> find(String name) {
    return switch (name) {
      case JUnitXmlFormat.NAME -> Optional.of(new JUnitXmlFormat());
      case MochawesomeFormat.NAME -> Optional.of(new MochawesomeFormat());
      case LocustCsvFormat.NAME -> Optional.of(new LocustCsvFormat());
      default -> Optional.empty();
    };
  }

  /** The format of a run reported by its exit code and its log. */
  public static ReportFormat exitCode(int exitCode) {
    return new ExitCodeFormat(exitCode);
  }

  /**
   * Tells a report's format from its first non-blank bytes: {@code <} is JUnit XML, <code>{</code>
   * is mochawesome JSON, Locust's header line is Locust CSV. Reads at most {@link #DETECTION_BYTES}
   * and puts them back: read the same stream with the format returned.
   *
   * @param input a stream that supports {@link InputStream#mark}, such as a {@code
   *     BufferedInputStream}
   * @throws SlipwayException an invalid-input error on {@code format} when the bytes fit none
   */
  public static ReportFormat detect(InputStream input) {
    requireNonNull(input, "input is null");
    if (!input.markSupported()) {
      throw new IllegalArgumentException("detecting a format needs a stream that supports mark");
    }
    byte[] head;
    try {
      input.mark(DETECTION_BYTES);
      head = input.readNBytes(DETECTION_BYTES);
      input.reset();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the start of the report failed", e);
    }
    return detect(head).orElseThrow(() -> undetected(head));
  }

  /** The format the first bytes of a report show, if they show one. */
  public static Optional<ReportFormat> detect(byte[] head) {
    requireNonNull(head, "head is null");
    String start = new String(head, UTF_8);
    if (start.startsWith("\uFEFF")) {
      start = start.substring(1);
    }
    String trimmed = start.stripLeading();
    if (trimmed.startsWith("<")) {
      return Optional.of(new JUnitXmlFormat());
    }
    if (trimmed.startsWith("{")) {
      return Optional.of(new MochawesomeFormat());
    }
    String firstLine = trimmed.lines().findFirst().orElse("");
    if (LocustCsvFormat.isHeader(firstLine)) {
      return Optional.of(new LocustCsvFormat());
    }
    return Optional.empty();
  }

  private static SlipwayException undetected(byte[] head) {
    String start = new String(head, UTF_8).strip();
    String shown = start.length() > 40 ? start.substring(0, 40) + "..." : start;
    return SlipwayException.invalid(
        FIELD,
        "the report's format cannot be told from its start ('%s'); give it with --format, one of"
            + " %s",
        shown.lines().findFirst().orElse(""),
        String.join(", ", NAMES));
  }
}
