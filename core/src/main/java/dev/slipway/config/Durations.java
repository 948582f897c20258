package dev.slipway.config;

import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them in configuration: {@code 90s}, {@code 5m}, {@code 1h30m}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

  private Durations() {}

  /**
   * Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, their concatenations
   * ({@code 1h30m}), or an ISO-8601 duration ({@code PT5M}).
   *
   * @param field the field the text came from, named in the error
   */
  public static Duration parse(String text, String field) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw SlipwayException.invalid(field, "'%s' is not a duration such as 30s or 5m", text);
      }
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw SlipwayException.invalid(
          field, "'%s' is not a duration such as 250ms, 30s, 5m, 1h30m or 1d", text);
    }
    try {
      return sum(trimmed);
    } catch (NumberFormatException | ArithmeticException e) {
      throw SlipwayException.invalid(
          field, "'%s' is longer than any duration Slipway can wait", text);
    }
  }

  private static Duration sum(String trimmed) {
    Duration total = Duration.ZERO;
    Matcher matcher = PART.matcher(trimmed);
    while (matcher.find()) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalStateException("unit " + matcher.group(2));
              });
    }
    return total;
  }

  /** The shortest of the forms {@link #parse} reads: {@code 1h30m}, {@code 250ms}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long days = duration.toDaysPart();
    if (days > 0) {
      text.append(days).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }
}
