package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionPhase.CANCELLED;
import static dev.slipway.promotion.PromotionPhase.DEPLOYING;
import static dev.slipway.promotion.PromotionPhase.ERRORED;
import static dev.slipway.promotion.PromotionPhase.FAILED;
import static dev.slipway.promotion.PromotionPhase.PENDING;
import static dev.slipway.promotion.PromotionPhase.ROLLING_BACK;
import static dev.slipway.promotion.PromotionPhase.ROLLING_OUT;
import static dev.slipway.promotion.PromotionPhase.SUCCEEDED;
import static dev.slipway.promotion.PromotionPhase.VERIFYING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditLog;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.PromotionRepository.NewPromotion;
import dev.slipway.storage.Database;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition method of {@link PromotionStateMachine} tried from every phase, for both kinds
 * of promotion. The table of what is legal is written out here on its own, so a change to the
 * machine's rules shows up as a failing case rather than being mirrored by the test.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class PromotionStateMachineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor ALICE = Actor.person("Alice", "alice@example.org");
  private static final AtomicInteger ENVIRONMENTS = new AtomicInteger();

  private static Database database;
  private static TestingClock clock;
  private static PromotionRepository promotions;
  private static EnvironmentRepository environments;
  private static AuditLog audit;
  private static PromotionStateMachine machine;

  /**
   * The transition methods, each with where it leads and the words its step log line starts with.
   */
  enum Move {
    START_DEPLOYING(DEPLOYING, "Started: deploying api@a1b2c3d to {environment}"),
    MARK_DEPLOYED(ROLLING_OUT, "Deployed in 5f0c2e1; waiting for the new versions to be reported"),
    MARK_ROLLED_OUT(VERIFYING, "Rolled out: the checks report the expected versions; verifying"),
    MARK_VERIFIED(SUCCEEDED, "Succeeded: api@a1b2c3d verified in {environment}"),
    START_ROLLING_BACK(ROLLING_BACK, "Rolling back: api check failed 2 times in a row"),
    MARK_ROLLED_BACK(
        FAILED, "Failed: api check failed 2 times in a row; the previous versions were restored"),
    MARK_ERRORED(ERRORED, "Errored: push rejected after 5 attempts"),
    CANCEL(CANCELLED, "Cancelled by Alice <alice@example.org>: not this week");

    private final PromotionPhase to;
    private final String step;

    Move(PromotionPhase to, String step) {
      this.to = to;
      this.step = step;
    }

    void apply(Handle handle, Promotion promotion) {
      switch (this) {
        case START_DEPLOYING -> machine.startDeploying(handle, promotion);
        case MARK_DEPLOYED -> machine.markDeployed(handle, promotion, Optional.of("5f0c2e1"));
        case MARK_ROLLED_OUT -> machine.markRolledOut(handle, promotion);
        case MARK_VERIFIED -> machine.markVerified(handle, promotion);
        case START_ROLLING_BACK ->
            machine.startRollingBack(handle, promotion, "api check failed 2 times in a row");
        case MARK_ROLLED_BACK -> machine.markRolledBack(handle, promotion);
        case MARK_ERRORED ->
            machine.markErrored(handle, promotion, "push rejected after 5 attempts");
        case CANCEL -> machine.cancel(handle, promotion, ALICE, "not this week");
      }
    }

    String expectedStep(PromotionKind kind, EnvironmentName environment) {
      if (this == MARK_VERIFIED && kind == PromotionKind.ROLLBACK) {
        return "Rolled back: api@a1b2c3d running and healthy again";
      }
      return step.replace("{environment}", environment.value());
    }

    /** The audit action: {@code promotion.} and the phase it leads to, in kebab case. */
    String action() {
      return "promotion." + to.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    Actor actor() {
      return this == CANCEL ? ALICE : Actor.SLIPWAY;
    }
  }

  /** Whether a move may start from a phase; the rules as the product describes them. */
  private static boolean legal(PromotionKind kind, PromotionPhase from, Move move) {
    Set<PromotionPhase> started = EnumSet.of(DEPLOYING, ROLLING_OUT, VERIFYING, ROLLING_BACK);
    return switch (move) {
      case START_DEPLOYING, CANCEL -> from == PENDING;
      case MARK_DEPLOYED -> from == DEPLOYING;
      case MARK_ROLLED_OUT -> from == ROLLING_OUT;
      case MARK_VERIFIED -> from == VERIFYING;
      // A rollback that does not verify errors: rolling back a rollback would loop.
      case START_ROLLING_BACK ->
          kind == PromotionKind.DEPLOY && (from == ROLLING_OUT || from == VERIFYING);
      case MARK_ROLLED_BACK -> from == ROLLING_BACK;
      case MARK_ERRORED -> started.contains(from);
    };
  }

  static Stream<Arguments> everyMoveFromEveryPhase() {
    List<Arguments> cases = new ArrayList<>();
    for (PromotionKind kind : PromotionKind.values()) {
      for (PromotionPhase from : PromotionPhase.values()) {
        for (Move move : Move.values()) {
          cases.add(Arguments.of(kind, from, move));
        }
      }
    }
    return cases.stream();
  }

  @Parameter TestDatabase kind;

  /** One database for all the cases of one kind: opening PostgreSQL per case would be slow. */
  @BeforeEach
  void openDatabase() {
    if (database != null) {
      return;
    }
    database = kind.open();
    clock = new TestingClock();
    promotions = new PromotionRepository(database.jdbi());
    environments = new EnvironmentRepository(database.jdbi());
    audit = new AuditLog(clock);
    machine = new PromotionStateMachine(promotions, environments, audit, clock);
  }

  @AfterParameterizedClassInvocation
  static void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  @ParameterizedTest(name = "{0} promotion, {2} from {1}")
  @MethodSource("everyMoveFromEveryPhase")
  void movesOnlyAlongLegalTransitions(PromotionKind kind, PromotionPhase from, Move move) {
    EnvironmentName environment = newEnvironment();
    long id = promotionIn(environment, kind, from);
    Promotion before = promotions.getPromotion(id);
    List<PromotionStep> stepsBefore = promotions.listSteps(id);
    List<AuditEvent> eventsBefore = events(id);
    Optional<Long> holderBefore = holder(environment);
    long headBefore = audit.head(jdbi()).sequence();
    clock.advance(Duration.ofMinutes(1));

    if (legal(kind, from, move)) {
      jdbi().useTransaction(handle -> move.apply(handle, before));

      Promotion after = promotions.getPromotion(id);
      assertThat(after.phase()).isEqualTo(move.to);
      assertThat(after.phaseChangedAt()).isEqualTo(clock.instant());
      assertThat(after.finishedAt().isPresent()).isEqualTo(move.to.isTerminal());
      if (move.to.isTerminal()) {
        assertThat(after.outcome()).as("an ended promotion says why").isPresent();
      }
      assertThat(after.nextRunAt().isPresent())
          .as("a finished promotion is never looked at again")
          .isEqualTo(!move.to.isTerminal());

      List<PromotionStep> steps = promotions.listSteps(id);
      assertThat(steps).hasSize(stepsBefore.size() + 1);
      PromotionStep step = steps.get(steps.size() - 1);
      assertThat(step.message()).isEqualTo(move.expectedStep(kind, environment));
      assertThat(step.severity()).isEqualTo(expectedSeverity(move.to));

      List<AuditEvent> events = events(id);
      assertThat(events).hasSize(eventsBefore.size() + 1);
      AuditEvent event = events.get(events.size() - 1);
      assertThat(event.action()).isEqualTo(move.action());
      assertThat(event.actor()).isEqualTo(move.actor().toString());
      JsonNode details = json(event.details());
      assertThat(details.path("from").asText()).isEqualTo(from.name());
      assertThat(details.path("to").asText()).isEqualTo(move.to.name());
      assertThat(details.path("environment").asText()).isEqualTo(environment.value());

      if (move.to.isTerminal()) {
        assertThat(holder(environment)).as("an ended promotion frees its environment").isEmpty();
      } else {
        assertThat(holder(environment)).isEqualTo(holderBefore);
      }
    } else {
      assertThatThrownBy(() -> jdbi().useTransaction(handle -> move.apply(handle, before)))
          .isInstanceOfSatisfying(
              SlipwayException.class,
              e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
          .hasMessage(
              "promotion %d is %s; it cannot go to %s",
              id, from.name().toLowerCase(Locale.ROOT), move.to.name().toLowerCase(Locale.ROOT));

      assertThat(promotions.getPromotion(id)).isEqualTo(before);
      assertThat(promotions.listSteps(id)).isEqualTo(stepsBefore);
      assertThat(audit.head(jdbi()).sequence()).isEqualTo(headBefore);
      assertThat(holder(environment)).isEqualTo(holderBefore);
    }
    assertThat(audit.verify(jdbi()).intact()).isTrue();
  }

  @Test
  void refusesToMoveAPromotionSomeoneElseMovedMeanwhile() {
    EnvironmentName environment = newEnvironment();
    long id = promotionIn(environment, PromotionKind.DEPLOY, VERIFYING);
    Promotion stale = promotions.getPromotion(id);
    jdbi()
        .useTransaction(
            handle ->
                machine.startRollingBack(
                    handle, promotions.getPromotion(handle, id), "api check failed"));
    long headBefore = audit.head(jdbi()).sequence();
    List<PromotionStep> stepsBefore = promotions.listSteps(id);
    Promotion before = promotions.getPromotion(id);

    assertThatThrownBy(() -> jdbi().useTransaction(handle -> machine.markVerified(handle, stale)))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage("promotion %d changed while moving it to succeeded; try again", id);

    assertThat(promotions.getPromotion(id)).isEqualTo(before);
    assertThat(before.phase()).isEqualTo(ROLLING_BACK);
    assertThat(holder(environment))
        .as("the refused move to a terminal phase does not free the environment")
        .contains(id);
    assertThat(promotions.listSteps(id)).isEqualTo(stepsBefore);
    assertThat(audit.head(jdbi()).sequence()).isEqualTo(headBefore);
  }

  @Test
  void refusesToStartAPromotionThatWasCancelledMeanwhile() {
    EnvironmentName environment = newEnvironment();
    long id = promotionIn(environment, PromotionKind.DEPLOY, PENDING);
    Promotion stale = promotions.getPromotion(id);
    jdbi()
        .useTransaction(
            handle ->
                machine.cancel(handle, promotions.getPromotion(handle, id), ALICE, "not now"));

    assertThatThrownBy(() -> jdbi().useTransaction(handle -> machine.startDeploying(handle, stale)))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessage("promotion %d changed while moving it to deploying; try again", id);

    Promotion after = promotions.getPromotion(id);
    assertThat(after.phase()).isEqualTo(CANCELLED);
    assertThat(after.outcome()).contains("not now");
    assertThat(events(id)).extracting(AuditEvent::action).containsExactly("promotion.cancelled");
  }

  @Test
  void cancellingAPendingPromotionLeavesTheRunningOneHoldingTheEnvironment() {
    EnvironmentName environment = newEnvironment();
    long running = promotionIn(environment, PromotionKind.DEPLOY, VERIFYING);
    long waiting = promotionIn(environment, PromotionKind.DEPLOY, PENDING);

    jdbi()
        .useTransaction(
            handle ->
                machine.cancel(
                    handle, promotions.getPromotion(handle, waiting), ALICE, "superseded"));

    assertThat(promotions.getPromotion(waiting).phase()).isEqualTo(CANCELLED);
    assertThat(holder(environment)).contains(running);
  }

  private static StepSeverity expectedSeverity(PromotionPhase to) {
    return switch (to) {
      case FAILED, ERRORED -> StepSeverity.ERROR;
      case ROLLING_BACK -> StepSeverity.WARNING;
      case PENDING, DEPLOYING, ROLLING_OUT, VERIFYING, SUCCEEDED, CANCELLED -> StepSeverity.INFO;
    };
  }

  private static EnvironmentName newEnvironment() {
    EnvironmentName name = EnvironmentName.of("env-" + ENVIRONMENTS.incrementAndGet());
    environments.ensureExists(List.of(name));
    return name;
  }

  /**
   * Stores a promotion and puts it straight into a phase, as the engine would have left it: a
   * started promotion holds its environment, an ended one does not.
   */
  private static long promotionIn(
      EnvironmentName environment, PromotionKind kind, PromotionPhase phase) {
    Instant now = clock.instant();
    return jdbi()
        .inTransaction(
            handle -> {
              long id =
                  promotions.insert(
                      handle,
                      new NewPromotion(
                          environment,
                          kind,
                          PromotionOrigin.MANUAL,
                          ALICE,
                          Optional.of("weekly release"),
                          Optional.empty(),
                          List.of(
                              new PromotionBuild(
                                  API,
                                  Optional.empty(),
                                  "a1b2c3d",
                                  Optional.empty(),
                                  Optional.of("0000000")))),
                      now);
              if (phase != PENDING) {
                Optional<String> outcome =
                    phase == ROLLING_BACK
                        ? Optional.of("api check failed 2 times in a row")
                        : Optional.empty();
                assertThat(promotions.changePhase(handle, id, PENDING, phase, now, outcome))
                    .isTrue();
              }
              if (phase.isActive()) {
                assertThat(environments.occupy(handle, environment, id)).isTrue();
              }
              return id;
            });
  }

  private static Optional<Long> holder(EnvironmentName environment) {
    return jdbi().withHandle(handle -> environments.findActivePromotionId(handle, environment));
  }

  private static List<AuditEvent> events(long id) {
    return audit.listBySubject(jdbi(), "promotion:" + id);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Jdbi jdbi() {
    return database.jdbi();
  }
}
