package dev.slipway.gate.window;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times that come back every week in a time zone, such as Monday to Friday 09:00-16:00 or Friday
 * 16:00 to Monday 08:00. Each span is kept in local wall-clock time and turned into instants date
 * by date, so a window that opens at 09:00 opens at 09:00 local time on either side of a daylight-
 * saving change, and a span that crosses the change lasts an hour more or less.
 */
public final class WeeklySchedule {
  private static final Pattern HOURS =
      Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-(([01][0-9]|2[0-3]):([0-5][0-9])|24:00)");
  private static final Pattern WEEK_TIME =
      Pattern.compile("(mon|tue|wed|thu|fri|sat|sun) ([01][0-9]|2[0-3]):([0-5][0-9])");
  private static final List<String> DAY_NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** How far ahead the next opening is looked for: enough to pass a long run of holidays. */
  private static final int SEARCH_DAYS = 400;

  /**
   * One span of the week, starting on a day at a local time and lasting some local time.
   *
   * @param day the day it starts on
   * @param start the local time it starts at
   * @param length how much wall-clock time it spans, at most a week
   */
  public record Span(DayOfWeek day, LocalTime start, Duration length) {
    public Span {
      requireNonNull(day, "day is null");
      requireNonNull(start, "start is null");
      requireNonNull(length, "length is null");
      if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("a weekly span lasts more than nothing, at most a week");
      }
    }
  }

  /**
   * One occurrence of a span.
   *
   * @param date the local date it starts on
   * @param start when it starts
   * @param end when it ends
   */
  public record Occurrence(LocalDate date, Instant start, Instant end) {
    public boolean contains(Instant instant) {
      return !instant.isBefore(start) && instant.isBefore(end);
    }
  }

  private final List<Span> spans;
  private final ZoneId zone;

  public WeeklySchedule(List<Span> spans, ZoneId zone) {
    this.spans = List.copyOf(requireNonNull(spans, "spans is null"));
    this.zone = requireNonNull(zone, "zone is null");
  }

  public ZoneId zone() {
    return zone;
  }

  public List<Span> spans() {
    return spans;
  }

  /** The occurrence holding an instant, the one ending last when several do. */
  public Optional<Occurrence> containing(Instant instant, Predicate<Occurrence> counts) {
    LocalDate today = instant.atZone(zone).toLocalDate();
    return occurrences(today.minusDays(8), today.plusDays(1)).stream()
        .filter(counts)
        .filter(occurrence -> occurrence.contains(instant))
        .max(Comparator.comparing(Occurrence::end));
  }

  /** The first occurrence starting after an instant, if one starts within about a year. */
  public Optional<Occurrence> next(Instant instant, Predicate<Occurrence> counts) {
    LocalDate today = instant.atZone(zone).toLocalDate();
    for (int week = 0; week * 7 < SEARCH_DAYS; week++) {
      Optional<Occurrence> found =
          occurrences(today.plusDays(week * 7L - 1), today.plusDays(week * 7L + 7)).stream()
              .filter(counts)
              .filter(occurrence -> occurrence.start().isAfter(instant))
              .min(Comparator.comparing(Occurrence::start));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private List<Occurrence> occurrences(LocalDate from, LocalDate to) {
    List<Occurrence> result = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      for (Span span : spans) {
        if (span.day() == date.getDayOfWeek()) {
          LocalDateTime start = date.atTime(span.start());
          result.add(new Occurrence(date, instant(start), instant(start.plus(span.length()))));
        }
      }
    }
    return result;
  }

  /** A local time as an instant; a time skipped by a daylight-saving change moves forward. */
  private Instant instant(LocalDateTime local) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** {@code Mon 09:00} in this schedule's zone. */
  public String describe(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    return local.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
        + " "
        + local.toLocalTime().withSecond(0).withNano(0);
  }

  /** Spans for each of some days, over hours such as {@code 09:00-16:00} or {@code 22:00-06:00}. */
  public static List<Span> daily(Set<DayOfWeek> days, String hours, String field) {
    Matcher matcher = HOURS.matcher(requireNonNull(hours, "hours is null"));
    if (!matcher.matches()) {
      throw SlipwayException.invalid(field, "'%s' is not hours such as 09:00-16:00", hours);
    }
    LocalTime start =
        LocalTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    Duration end =
        matcher.group(3).equals("24:00")
            ? Duration.ofDays(1)
            : Duration.ofHours(Integer.parseInt(matcher.group(4)))
                .plusMinutes(Integer.parseInt(matcher.group(5)));
    Duration length = end.minus(Duration.ofSeconds(start.toSecondOfDay()));
    if (length.isNegative() || length.isZero()) {
      length = length.plus(Duration.ofDays(1));
    }
    List<Span> result = new ArrayList<>();
    for (DayOfWeek day : days) {
      result.add(new Span(day, start, length));
    }
    return result;
  }

  /** A span from a day and time to another, such as {@code fri 16:00} to {@code mon 08:00}. */
  public static Span between(String from, String to, String field) {
    Matcher start = weekTime(from, field);
    Matcher end = weekTime(to, field);
    long startMinute = minuteOfWeek(start);
    long endMinute = minuteOfWeek(end);
    long length = Math.floorMod(endMinute - startMinute, 7 * 24 * 60);
    return new Span(
        day(start.group(1)),
        LocalTime.of(Integer.parseInt(start.group(2)), Integer.parseInt(start.group(3))),
        Duration.ofMinutes(length == 0 ? 7 * 24 * 60 : length));
  }

  /** Days such as {@code [mon-fri, sun]}; a range may wrap the week ({@code fri-mon}). */
  public static Set<DayOfWeek> days(List<String> entries, String field) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String entry : entries) {
      String[] ends = entry.trim().toLowerCase(Locale.ROOT).split("-", -1);
      if (ends.length > 2
          || !DAY_NAMES.contains(ends[0])
          || !DAY_NAMES.contains(ends[ends.length - 1])) {
        throw SlipwayException.invalid(
            field, "'%s' is not a day (mon..sun) or a range of days such as mon-fri", entry);
      }
      DayOfWeek day = day(ends[0]);
      DayOfWeek last = day(ends[ends.length - 1]);
      days.add(day);
      while (day != last) {
        day = day.plus(1);
        days.add(day);
      }
    }
    return days;
  }

  /** A time zone by its IANA name, such as {@code America/Toronto}. */
  public static ZoneId zone(String name, String field) {
    try {
      return ZoneId.of(name);
    } catch (RuntimeException e) {
      throw SlipwayException.invalid(
          field, "'%s' is not a time zone; use an IANA name such as America/Toronto or UTC", name);
    }
  }

  private static Matcher weekTime(String text, String field) {
    Matcher matcher = WEEK_TIME.matcher(requireNonNull(text, "text is null"));
    if (!matcher.matches()) {
      throw SlipwayException.invalid(field, "'%s' is not a day and time such as 'fri 16:00'", text);
    }
    return matcher;
  }

  private static long minuteOfWeek(Matcher matcher) {
    return (day(matcher.group(1)).getValue() - 1) * 24L * 60
        + Integer.parseInt(matcher.group(2)) * 60L
        + Integer.parseInt(matcher.group(3));
  }

  private static DayOfWeek day(String name) {
    return DayOfWeek.of(DAY_NAMES.indexOf(name) + 1);
  }
}
