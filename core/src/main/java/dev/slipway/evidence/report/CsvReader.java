package dev.slipway.evidence.report;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated records as Python's {@code csv} module writes them (Locust's statistics):
 * fields quoted when they hold a comma, a quote or a line break, quotes doubled inside. One record
 * is held at a time, and a record longer than a limit is refused, so memory stays flat.
 */
final class CsvReader {
  /** A record that cannot be read, and the line it starts on. */
  static final class MalformedCsvException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long line;

    MalformedCsvException(long line, String message) {
      super(message);
      this.line = line;
    }

    long line() {
      return line;
    }
  }

  private final Reader input;
  private final int recordLimit;
  private final char[] buffer = new char[8192];
  private int position;
  private int length;
  private long line = 1;
  private long recordLine;

  CsvReader(Reader input, int recordLimit) {
    this.input = input;
    this.recordLimit = recordLimit;
  }

  /** The line the last record read started on. */
  long recordLine() {
    return recordLine;
  }

  /** The next record that is not a blank line, or null at the end of the input. */
  List<String> next() throws IOException, MalformedCsvException {
    while (true) {
      int first = peek();
      if (first < 0) {
        return null;
      }
      if (first == '\n' || first == '\r') {
        endOfLine();
        continue;
      }
      return record();
    }
  }

  private List<String> record() throws IOException, MalformedCsvException {
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int size = 0;
    boolean quoted = false;
    boolean afterQuote = false;
    while (true) {
      int c = peek();
      if (quoted) {
        if (c < 0) {
          throw new MalformedCsvException(recordLine, "a quoted field is never closed");
        }
        take();
        if (c == '"') {
          if (peek() == '"') {
            take();
            field.append('"');
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
          }
          field.append((char) c);
        }
      } else if (c < 0 || c == '\n' || c == '\r') {
        fields.add(field.toString());
        if (c >= 0) {
          endOfLine();
        }
        return fields;
      } else if (c == ',') {
        take();
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
      } else if (afterQuote) {
        throw new MalformedCsvException(line, "text follows a closing quote");
      } else if (c == '"' && field.length() == 0) {
        take();
        quoted = true;
      } else {
        take();
        field.append((char) c);
      }
      if (++size > recordLimit) {
        throw new MalformedCsvException(
            recordLine, "a record is longer than " + recordLimit + " characters");
      }
    }
  }

  private void endOfLine() throws IOException {
    if (take() == '\r' && peek() == '\n') {
      take();
    }
    line++;
  }

  private int peek() throws IOException {
    if (position == length) {
      length = input.read(buffer, 0, buffer.length);
      position = 0;
      if (length <= 0) {
        length = 0;
        return -1;
      }
    }
    return buffer[position];
  }

  private int take() throws IOException {
    int c = peek();
    if (c >= 0) {
      position++;
    }
    return c;
  }
}
