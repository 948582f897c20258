package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Tells what happens, one line at a time: sentences stamped with the time they are said, and the
 * steps of promotions stamped with the time the server recorded them.
 */
final class Narrator {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintWriter out;
  private final Clock clock;

  Narrator(PrintWriter out, Clock clock) {
    this.out = requireNonNull(out, "out is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A sentence, stamped with the time now. */
  void say(String sentence) {
    print(TIME.format(clock.instant()) + "  " + sentence);
  }

  /** A step a promotion recorded, stamped with the time it was recorded. */
  void step(long promotion, Instant at, String severity, String message) {
    String mark =
        switch (severity) {
          case "WARNING" -> "! ";
          case "ERROR" -> "x ";
          default -> "  ";
        };
    print(TIME.format(at) + "    #" + promotion + " " + mark + message);
  }

  /** A title between the parts of the show. */
  void heading(String title) {
    print("");
    print("== " + title);
  }

  /** A line as it is, such as command output or a suggestion. */
  void line(String text) {
    print(text);
  }

  PrintWriter out() {
    return out;
  }

  private void print(String text) {
    out.println(text);
    out.flush();
  }
}
