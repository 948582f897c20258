package dev.slipway.evidence.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * Text kept up to a number of characters, either its beginning (a stack trace reads from the top)
 * or its end (a log's last lines say how it ended), counting what it dropped so that the kept text
 * can say so. One instance is reused from case to case with {@link #clear()}, so reading a report
 * of a million cases does not build a million buffers.
 */
final class BoundedText {
  enum Keep {
    BEGINNING,
    END
  }

  private static final int INITIAL_CAPACITY = 1024;

  private final Keep keep;
  private final int limit;
  private final String what;
  private char[] buffer = new char[0];
  private int length;
  private long dropped;

  BoundedText(Keep keep, int limit, String what) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.keep = keep;
    this.limit = limit;
    this.what = what;
  }

  void clear() {
    length = 0;
    dropped = 0;
  }

  void append(char[] chars, int start, int count) {
    switch (keep) {
      case BEGINNING -> {
        int taken = Math.min(Math.max(0, limit - length), count);
        put(chars, start, taken);
        dropped += count - taken;
      }
      case END -> {
        if (count >= limit) {
          dropped += length + count - limit;
          length = 0;
          put(chars, start + count - limit, limit);
        } else {
          // Trimming only once twice the limit is held keeps appending linear in the input.
          if (length + count > 2 * limit) {
            trimToLimit();
          }
          put(chars, start, count);
        }
      }
    }
  }

  void append(String value) {
    append(value.toCharArray(), 0, value.length());
  }

  /** The kept text with a note of what was dropped; empty when nothing but blanks was read. */
  Optional<String> value() {
    if (keep == Keep.END && length > limit) {
      trimToLimit();
    }
    if (dropped == 0) {
      if (isBlank()) {
        return Optional.empty();
      }
      return Optional.of(new String(buffer, 0, length));
    }
    String text = new String(buffer, 0, length);
    return Optional.of(
        switch (keep) {
          case BEGINNING -> text + "\n[" + dropped + " more characters of " + what + " dropped]";
          case END -> "[" + dropped + " earlier characters of " + what + " dropped]\n" + text;
        });
  }

  /** A failure's message as kept: its beginning, with a note of what was dropped. */
  static Optional<String> message(String value) {
    return kept(value, JUnitXmlFormat.MESSAGE_LIMIT, "the message");
  }

  /** A failure's stack trace as kept: its beginning, with a note of what was dropped. */
  static Optional<String> details(String value) {
    return kept(value, JUnitXmlFormat.DETAILS_LIMIT, "the details");
  }

  private static Optional<String> kept(String value, int limit, String what) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    BoundedText text = new BoundedText(Keep.BEGINNING, limit, what);
    text.append(value.strip());
    return text.value();
  }

  /** The first non-blank line of the kept text, for a message that a report left out. */
  Optional<String> firstLine() {
    return new String(buffer, 0, length)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .findFirst();
  }

  private boolean isBlank() {
    for (int i = 0; i < length; i++) {
      if (!Character.isWhitespace(buffer[i])) {
        return false;
      }
    }
    return true;
  }

  private void put(char[] chars, int start, int count) {
    if (length + count > buffer.length) {
      int capacity = Math.max(INITIAL_CAPACITY, buffer.length);
      while (capacity < length + count) {
        capacity *= 2;
      }
      buffer = Arrays.copyOf(buffer, capacity);
    }
    System.arraycopy(chars, start, buffer, length, count);
    length += count;
  }

  private void trimToLimit() {
    int excess = length - limit;
    if (excess > 0) {
      System.arraycopy(buffer, excess, buffer, 0, limit);
      length = limit;
      dropped += excess;
    }
  }
}
