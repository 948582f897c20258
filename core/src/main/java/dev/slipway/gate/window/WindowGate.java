package dev.slipway.gate.window;

import static java.util.Objects.requireNonNull;

import dev.slipway.gate.Gate;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A release window: promotions start only while it is open, on its days, in its hours, in its time
 * zone, and never on a holiday. Outside it the gate waits until the next opening.
 */
final class WindowGate implements Gate {
  private final WeeklySchedule schedule;
  private final Set<LocalDate> holidays;
  private final String summary;

  WindowGate(WeeklySchedule schedule, Set<LocalDate> holidays, String summary) {
    this.schedule = requireNonNull(schedule, "schedule is null");
    this.holidays = Set.copyOf(requireNonNull(holidays, "holidays is null"));
    this.summary = requireNonNull(summary, "summary is null");
  }

  @Override
  public String description() {
    return "release window: " + summary;
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    Optional<WeeklySchedule.Occurrence> open =
        schedule.containing(request.now(), occurrence -> !holidays.contains(occurrence.date()));
    if (open.isPresent()) {
      return GateDecision.pass(
          "release window open until "
              + schedule.describe(open.get().end())
              + " "
              + schedule.zone());
    }
    Optional<WeeklySchedule.Occurrence> next =
        schedule.next(request.now(), occurrence -> !holidays.contains(occurrence.date()));
    if (next.isEmpty()) {
      return GateDecision.block("release window never opens in the coming year (" + summary + ")");
    }
    String closedToday =
        holidays.contains(request.now().atZone(schedule.zone()).toLocalDate())
            ? " (holiday today)"
            : "";
    return GateDecision.waitUntil(
        next.get().start(),
        "release window opens "
            + schedule.describe(next.get().start())
            + " "
            + schedule.zone()
            + closedToday);
  }
}
