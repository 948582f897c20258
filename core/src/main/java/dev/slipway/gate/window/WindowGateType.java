package dev.slipway.gate.window;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.PluginConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code window} gate: {@code days} (mon..sun, ranges such as mon-fri; every day when left
 * out), {@code hours} ({@code 09:00-16:00}), {@code zone} (IANA) and {@code holidays} (ISO dates).
 */
public final class WindowGateType implements GateType {
  @Override
  public String name() {
    return "window";
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    List<String> dayEntries = texts(config.settings().get("days"));
    Set<DayOfWeek> days =
        dayEntries.isEmpty()
            ? EnumSet.allOf(DayOfWeek.class)
            : WeeklySchedule.days(dayEntries, "days");
    String hours = config.getText("hours");
    ZoneId zone = WeeklySchedule.zone(config.getText("zone"), "zone");
    Set<LocalDate> holidays = new HashSet<>();
    List<String> holidayEntries = texts(config.settings().get("holidays"));
    for (int i = 0; i < holidayEntries.size(); i++) {
      try {
        holidays.add(LocalDate.parse(holidayEntries.get(i)));
      } catch (DateTimeParseException e) {
        throw SlipwayException.invalid(
            "holidays[" + i + "]", "'%s' is not a date such as 2026-12-25", holidayEntries.get(i));
      }
    }
    String summary =
        (dayEntries.isEmpty() ? "every day" : String.join(", ", dayEntries))
            + " "
            + hours
            + " "
            + zone
            + (holidays.isEmpty() ? "" : ", except " + holidays.size() + " holidays");
    return new WindowGate(
        new WeeklySchedule(WeeklySchedule.daily(days, hours, "hours"), zone), holidays, summary);
  }

  static List<String> texts(JsonNode node) {
    List<String> result = new ArrayList<>();
    if (node != null) {
      node.forEach(entry -> result.add(entry.asText()));
    }
    return result;
  }
}
