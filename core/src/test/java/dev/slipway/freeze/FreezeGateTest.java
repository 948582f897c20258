package dev.slipway.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateVerdict;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Database;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGates;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Planned, weekly and declared freezes of production, read from a real database. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class FreezeGateTest {
  private static final String WEEKENDS =
      "{type: freeze, zone: America/Toronto, weekly: [{from: fri 16:00, to: mon 08:00, reason:"
          + " weekend}]}";
  private static final String HOLIDAYS =
      "{type: freeze, overrideRole: ops-lead, zone: America/Toronto, periods: [{from:"
          + " 2026-12-24T00:00, to: \"2027-01-04T08:00:00-05:00\", reason: holidays}]}";

  @Parameter TestDatabase database;

  private final TestingClock clock = new TestingClock();
  private Database opened;
  private FreezeRepository freezes;

  @BeforeEach
  void setUp() {
    opened = database.open();
    new EnvironmentRepository(opened.jdbi()).ensureExists(Set.of(TestingGates.PRODUCTION));
    freezes = new FreezeRepository(opened.jdbi());
  }

  @AfterEach
  void tearDown() {
    if (opened != null) {
      opened.close();
    }
  }

  @Test
  void blocksThroughAWeeklySpanAndRechecksAtItsLocalEndAcrossTheSpringChange() {
    // Friday 2026-03-06 16:00 EST is 21:00 UTC; Monday 08:00 is EDT, 12:00 UTC
    assertThat(decide(WEEKENDS, "2026-03-06T20:59:00Z").verdict()).isEqualTo(GateVerdict.PASS);

    GateDecision frozen = decide(WEEKENDS, "2026-03-06T21:00:00Z");

    assertThat(frozen.verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(frozen.reason())
        .isEqualTo("production is frozen: weekend until Mon 08:00 America/Toronto");
    assertThat(frozen.recheckAt()).contains(Instant.parse("2026-03-09T12:00:00Z"));
    assertThat(decide(WEEKENDS, "2026-03-09T12:00:00Z").verdict()).isEqualTo(GateVerdict.PASS);
  }

  @Test
  void endsAWeeklySpanAtLocalTimeAcrossTheAutumnChange() {
    // Monday 2026-11-02 08:00 EST is 13:00 UTC
    assertThat(decide(WEEKENDS, "2026-11-02T12:59:00Z").recheckAt())
        .contains(Instant.parse("2026-11-02T13:00:00Z"));
  }

  @Test
  void blocksThroughAPlannedPeriodWrittenInLocalTimeOrWithAnOffset() {
    assertThat(decide(HOLIDAYS, "2026-12-24T04:59:00Z").verdict()).isEqualTo(GateVerdict.PASS);

    GateDecision frozen = decide(HOLIDAYS, "2026-12-24T05:00:00Z");

    assertThat(frozen.verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(frozen.reason())
        .isEqualTo(
            "production is frozen: holidays until 2027-01-04T13:00:00Z; a holder of role"
                + " 'ops-lead' may override it with a reason");
    assertThat(frozen.recheckAt()).contains(Instant.parse("2027-01-04T13:00:00Z"));
  }

  @Test
  void blocksWhileADeclaredFreezeIsInForceWithNoRecheckTime() {
    Actor alice = Actor.person("Alice", "alice@example.org");
    long id =
        opened
            .jdbi()
            .inTransaction(
                handle ->
                    freezes.insert(
                        handle,
                        TestingGates.PRODUCTION,
                        "incident 7",
                        alice,
                        Instant.parse("2026-03-02T14:00:00Z")));

    GateDecision frozen = decide(WEEKENDS, "2026-03-03T10:00:00Z");
    assertThat(frozen.verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(frozen.reason())
        .isEqualTo(
            "production is frozen: declared by Alice <alice@example.org> at"
                + " 2026-03-02T14:00:00Z: incident 7");
    assertThat(frozen.recheckAt()).isEmpty();

    opened
        .jdbi()
        .useTransaction(
            handle ->
                freezes.lift(
                    handle, id, alice, Optional.empty(), Instant.parse("2026-03-03T11:00:00Z")));
    assertThat(decide(WEEKENDS, "2026-03-03T11:00:01Z").verdict()).isEqualTo(GateVerdict.PASS);
  }

  @Test
  void refusesARollbackWithoutAReasonDuringAFreezeAndNotesOneWithAReason() {
    FreezeGate gate =
        (FreezeGate) TestingGates.create(new FreezeGateType(freezes), WEEKENDS, clock);
    Instant saturday = Instant.parse("2026-03-07T15:00:00Z");
    Actor alice = Actor.person("Alice", "alice@example.org");

    SlipwayException refused =
        catchThrowableOfType(
            SlipwayException.class, () -> gate.checkRollback(alice, Optional.of(" "), saturday));

    assertThat(refused.category()).isEqualTo(ErrorCategory.CONFLICT);
    assertThat(gate.checkRollback(alice, Optional.of("bad deploy"), saturday))
        .contains(
            "Rollback during a freeze (production is frozen: weekend until Mon 08:00"
                + " America/Toronto)");
    assertThat(gate.checkRollback(alice, Optional.empty(), Instant.parse("2026-03-04T15:00:00Z")))
        .isEmpty();
  }

  @Test
  void refusesAnOverrideRoleThatIsNotDefined() {
    SlipwayException e =
        catchThrowableOfType(
            SlipwayException.class,
            () ->
                TestingGates.create(
                    new FreezeGateType(freezes),
                    "{type: freeze, overrideRole: release-lead}",
                    clock));

    assertThat(e.field()).contains("overrideRole");
    assertThat(e.getMessage()).contains("role 'release-lead' is not defined under roles");
  }

  @Test
  void refusesAPeriodThatEndsBeforeItBegins() {
    SlipwayException e =
        catchThrowableOfType(
            SlipwayException.class,
            () ->
                TestingGates.create(
                    new FreezeGateType(freezes),
                    "{type: freeze, periods: [{from: 2026-12-24T00:00, to: 2026-12-23T00:00}]}",
                    clock));

    assertThat(e.field()).contains("periods[0].to");
  }

  private GateDecision decide(String settings, String now) {
    return TestingGates.create(new FreezeGateType(freezes), settings, clock)
        .evaluate(TestingGates.request(1, Instant.parse(now)));
  }
}
