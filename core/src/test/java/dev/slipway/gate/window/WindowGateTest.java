package dev.slipway.gate.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateVerdict;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGates;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Release windows in America/Toronto, which moves to daylight time on 2026-03-08 (02:00 becomes
 * 03:00, UTC-5 to UTC-4) and back on 2026-11-01 (02:00 becomes 01:00).
 */
class WindowGateTest {
  private static final String WEEKDAYS =
      "{type: window, days: [mon-fri], hours: \"09:00-16:00\", zone: America/Toronto}";

  private final TestingClock clock = new TestingClock();

  @Test
  void passesInsideTheWindowAndSaysUntilWhen() {
    // Wednesday 2026-03-04 10:00 EST
    GateDecision decision = decide(WEEKDAYS, "2026-03-04T15:00:00Z");

    assertThat(decision.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(decision.reason()).isEqualTo("release window open until Wed 16:00 America/Toronto");
  }

  @Test
  void waitsOverTheWeekendUntilMondayMorningInDaylightTimeAfterTheSpringChange() {
    // Friday 2026-03-06 17:00 EST; Monday 09:00 is daylight time, 13:00 UTC, not 14:00
    GateDecision decision = decide(WEEKDAYS, "2026-03-06T22:00:00Z");

    assertThat(decision.verdict()).isEqualTo(GateVerdict.WAIT);
    assertThat(decision.recheckAt()).contains(Instant.parse("2026-03-09T13:00:00Z"));
    assertThat(decision.reason()).isEqualTo("release window opens Mon 09:00 America/Toronto");
  }

  @Test
  void waitsOverTheWeekendUntilMondayMorningInStandardTimeAfterTheAutumnChange() {
    // Friday 2026-10-30 17:00 EDT; Monday 09:00 is standard time, 14:00 UTC, not 13:00
    GateDecision decision = decide(WEEKDAYS, "2026-10-30T21:00:00Z");

    assertThat(decision.recheckAt()).contains(Instant.parse("2026-11-02T14:00:00Z"));
    assertThat(decision.reason()).isEqualTo("release window opens Mon 09:00 America/Toronto");
  }

  @Test
  void closesAtLocalTimeOnTheDayOfTheChange() {
    String sundays = "{type: window, days: [sun], hours: \"01:00-04:00\", zone: America/Toronto}";

    // 2026-03-08 01:30 EST is 06:30 UTC; the window ends at 04:00 EDT, 08:00 UTC: two hours long
    assertThat(decide(sundays, "2026-03-08T06:30:00Z").reason())
        .isEqualTo("release window open until Sun 04:00 America/Toronto");
    assertThat(decide(sundays, "2026-03-08T07:59:00Z").verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(decide(sundays, "2026-03-08T08:00:00Z").verdict()).isEqualTo(GateVerdict.WAIT);
    // 2026-11-01 04:00 EST is 09:00 UTC: the window is four hours long that day
    assertThat(decide(sundays, "2026-11-01T08:30:00Z").verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(decide(sundays, "2026-11-01T09:00:00Z").verdict()).isEqualTo(GateVerdict.WAIT);
    assertThat(decide(sundays, "2026-11-01T09:00:00Z").recheckAt())
        .contains(Instant.parse("2026-11-08T06:00:00Z"));
  }

  @Test
  void skipsHolidaysInTheWindowsZone() {
    String withHoliday =
        "{type: window, days: [mon-fri], hours: \"09:00-16:00\", zone: America/Toronto,"
            + " holidays: [2026-03-09, 2026-03-10]}";

    GateDecision decision = decide(withHoliday, "2026-03-09T14:00:00Z");

    assertThat(decision.verdict()).isEqualTo(GateVerdict.WAIT);
    assertThat(decision.recheckAt()).contains(Instant.parse("2026-03-11T13:00:00Z"));
    assertThat(decision.reason())
        .isEqualTo("release window opens Wed 09:00 America/Toronto (holiday today)");
  }

  @Test
  void runsPastMidnightWhenTheHoursEndBeforeTheyStart() {
    String nights = "{type: window, days: [fri], hours: \"22:00-02:00\", zone: UTC}";

    assertThat(decide(nights, "2026-03-07T01:30:00Z").verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(decide(nights, "2026-03-07T02:00:00Z").recheckAt())
        .contains(Instant.parse("2026-03-13T22:00:00Z"));
  }

  @Test
  void describesItselfWithItsDaysHoursAndZone() {
    Gate gate = TestingGates.create(new WindowGateType(), WEEKDAYS, clock);

    assertThat(gate.description()).isEqualTo("release window: mon-fri 09:00-16:00 America/Toronto");
  }

  @Test
  void refusesAZoneThatIsNotOne() {
    SlipwayException e =
        catchThrowableOfType(
            SlipwayException.class,
            () ->
                TestingGates.create(
                    new WindowGateType(),
                    "{type: window, hours: \"09:00-16:00\", zone: America/Totonto}",
                    clock));

    assertThat(e.field()).contains("zone");
    assertThat(e.getMessage()).contains("'America/Totonto' is not a time zone");
  }

  private GateDecision decide(String settings, String now) {
    Gate gate = TestingGates.create(new WindowGateType(), settings, clock);
    return gate.evaluate(TestingGates.request(1, Instant.parse(now)));
  }
}
