package dev.slipway.evidence.report;

import java.util.Optional;

/**
 * Text kept up to a number of characters, either its beginning (a stack trace reads from the top)
 * or its end (a log's last lines say how it ended), counting what it dropped so that the kept text
 * can say so.
 */
final class BoundedText {
  enum Keep {
    BEGINNING,
    END
  }

  private final Keep keep;
  private final int limit;
  private final String what;
  private final StringBuilder text = new StringBuilder();
  private long dropped;

  BoundedText(Keep keep, int limit, String what) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.keep = keep;
    this.limit = limit;
    this.what = what;
  }

  void append(char[] chars, int start, int length) {
    switch (keep) {
      case BEGINNING -> {
        int room = Math.max(0, limit - text.length());
        int taken = Math.min(room, length);
        text.append(chars, start, taken);
        dropped += length - taken;
      }
      case END -> {
        if (length >= limit) {
          dropped += text.length() + length - limit;
          text.setLength(0);
          text.append(chars, start + length - limit, limit);
        } else {
          text.append(chars, start, length);
          // Trimming only once twice the limit is held keeps appending linear in the input.
          if (text.length() > 2 * limit) {
            trimToLimit();
          }
        }
      }
    }
  }

  void append(String value) {
    append(value.toCharArray(), 0, value.length());
  }

  /** The kept text with a note of what was dropped; empty when nothing but blanks was read. */
  Optional<String> value() {
    if (keep == Keep.END && text.length() > limit) {
      trimToLimit();
    }
    if (dropped == 0) {
      return text.toString().isBlank() ? Optional.empty() : Optional.of(text.toString());
    }
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
    return text.toString().lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst();
  }

  private void trimToLimit() {
    int excess = text.length() - limit;
    text.delete(0, excess);
    dropped += excess;
  }
}
