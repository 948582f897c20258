package dev.slipway.freeze;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.PluginConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import dev.slipway.gate.window.WeeklySchedule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code freeze} gate: {@code overrideRole}, {@code zone}, one-off {@code periods} ({@code
 * from}/{@code to}, instants or local date-times) and {@code weekly} freezes ({@code days} and
 * {@code hours}, or a span {@code from: fri 16:00} {@code to: mon 08:00}); freezes declared at run
 * time are read from the records.
 */
public final class FreezeGateType implements GateType {
  private final FreezeRepository freezes;

  public FreezeGateType(FreezeRepository freezes) {
    this.freezes = requireNonNull(freezes, "freezes is null");
  }

  @Override
  public String name() {
    return "freeze";
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    Optional<String> overrideRole = config.findText("overrideRole");
    if (overrideRole.isPresent() && !context.config().roles().isDefined(overrideRole.get())) {
      throw SlipwayException.invalid(
          "overrideRole",
          "role '%s' is not defined under roles; define it with the emails of who may override",
          overrideRole.get());
    }
    ZoneId zone =
        config
            .findText("zone")
            .map(name -> WeeklySchedule.zone(name, "zone"))
            .orElse(ZoneOffset.UTC);
    List<FreezeGate.Period> periods = new ArrayList<>();
    JsonNode periodEntries = config.settings().path("periods");
    for (int i = 0; i < periodEntries.size(); i++) {
      JsonNode entry = periodEntries.get(i);
      String at = "periods[" + i + "]";
      Instant from = instant(entry.path("from").asText(), zone, at + ".from");
      Instant to = instant(entry.path("to").asText(), zone, at + ".to");
      if (!to.isAfter(from)) {
        throw SlipwayException.invalid(
            at + ".to", "the freeze must end after it begins (%s)", from);
      }
      periods.add(new FreezeGate.Period(from, to, reason(entry, "planned freeze")));
    }
    List<FreezeGate.Weekly> weekly = new ArrayList<>();
    JsonNode weeklyEntries = config.settings().path("weekly");
    for (int i = 0; i < weeklyEntries.size(); i++) {
      JsonNode entry = weeklyEntries.get(i);
      String at = "weekly[" + i + "]";
      List<WeeklySchedule.Span> spans;
      if (entry.has("from") || entry.has("to")) {
        spans =
            List.of(
                WeeklySchedule.between(
                    entry.path("from").asText(), entry.path("to").asText(), at + ".from"));
      } else {
        List<String> days = new ArrayList<>();
        entry.path("days").forEach(day -> days.add(day.asText()));
        spans =
            WeeklySchedule.daily(
                WeeklySchedule.days(days, at + ".days"),
                entry.path("hours").asText(),
                at + ".hours");
      }
      weekly.add(
          new FreezeGate.Weekly(new WeeklySchedule(spans, zone), reason(entry, "weekly freeze")));
    }
    return new FreezeGate(context.environment(), periods, weekly, overrideRole, freezes);
  }

  private static String reason(JsonNode entry, String otherwise) {
    JsonNode reason = entry.get("reason");
    return reason == null || reason.isNull() ? otherwise : reason.asText();
  }

  /** An instant ({@code 2026-12-24T00:00:00Z}, an offset) or a local date-time in the zone. */
  private static Instant instant(String text, ZoneId zone, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notAnInstant) {
      try {
        return ZonedDateTime.ofLocal(LocalDateTime.parse(text), zone, null).toInstant();
      } catch (DateTimeParseException e) {
        throw SlipwayException.invalid(
            field,
            "'%s' is not a date-time such as 2026-12-24T00:00:00Z or 2026-12-24T00:00 (in the"
                + " gate's zone)",
            text);
      }
    }
  }
}
