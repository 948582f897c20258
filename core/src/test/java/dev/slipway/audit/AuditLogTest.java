package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.audit.AuditVerification.Break;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Database;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit record as an assurance reviewer relies on it: every event chained to the one before,
 * and every way of tampering with the stored rows (as someone with database access would) found and
 * named at the first event it affects.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AuditLogTest {
  private static final Actor ALICE = Actor.person("Alice", "alice@example.org");
  private static final Actor CI = Actor.person("CI", "ci@example.org");
  private static final String MALLORY = "Mallory <mallory@example.org>";

  @Parameter TestDatabase kind;

  private final TestingClock clock = new TestingClock();
  private final AuditLog audit = new AuditLog(clock);
  private Database database;

  @BeforeEach
  void open() {
    database = kind.open();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void chainsEachEventToTheOneBefore() {
    List<AuditEvent> appended = appendFive();

    List<AuditEvent> stored = audit.list(jdbi(), 0, 100);
    assertThat(stored).isEqualTo(appended);
    assertThat(stored).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(stored.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
    for (int i = 1; i < stored.size(); i++) {
      assertThat(stored.get(i).previousHash()).isEqualTo(stored.get(i - 1).hash());
    }
    assertThat(stored).allSatisfy(event -> assertThat(event.hash()).hasSize(64));
    assertThat(stored).extracting(AuditEvent::hash).doesNotHaveDuplicates();
    assertThat(stored.get(2).details())
        .as("keys are written in sorted order, so the hashed text is stable")
        .isEqualTo("{\"environment\":\"production\",\"reason\":\"weekly release\"}");
    assertThat(stored.get(2).actor()).isEqualTo("Alice <alice@example.org>");
    assertThat(stored.get(3).actor()).isEqualTo("slipway");
    assertThat(audit.head(jdbi())).isEqualTo(new AuditLog.Head(5, stored.get(4).hash()));
    assertThat(audit.listBySubject(jdbi(), "promotion:1"))
        .extracting(AuditEvent::action)
        .containsExactly("promotion.requested", "promotion.deploying", "promotion.succeeded");

    AuditVerification verification = audit.verify(jdbi());
    assertThat(verification.intact()).isTrue();
    assertThat(verification.eventsChecked()).isEqualTo(5);
    assertThat(verification.lastIntactSequence()).isEqualTo(5);
  }

  @Test
  void anEmptyLogIsIntact() {
    AuditVerification verification = audit.verify(jdbi());

    assertThat(verification.intact()).isTrue();
    assertThat(verification.eventsChecked()).isZero();
  }

  @Test
  void findsAlteredDetails() {
    appendFive();
    execute(
        "UPDATE audit_events SET details = '{\"environment\":\"staging\",\"reason\":\"weekly"
            + " release\"}' WHERE seq = 3");

    assertBreak(
        3,
        2,
        "event 3 (promotion.requested promotion:1) was altered: its content does not match"
            + " its hash");
  }

  @Test
  void findsAnAlteredActor() {
    appendFive();
    execute("UPDATE audit_events SET actor = '" + MALLORY + "' WHERE seq = 2");

    assertBreak(
        2,
        1,
        "event 2 (build.registered build:api@a1b2c3d) was altered: its content does not match its"
            + " hash");
  }

  @Test
  void findsAnEventRemovedFromTheMiddle() {
    appendFive();
    execute("DELETE FROM audit_events WHERE seq = 3");

    assertBreak(4, 2, "event 3 was removed before event 4");
  }

  @Test
  void findsSeveralEventsRemovedFromTheMiddle() {
    appendFive();
    execute("DELETE FROM audit_events WHERE seq IN (2, 3)");

    assertBreak(4, 1, "events 2 to 3 were removed before event 4");
  }

  @Test
  void findsEventsRemovedFromTheEnd() {
    appendFive();
    execute("DELETE FROM audit_events WHERE seq >= 4");

    assertBreak(4, 3, "events 4 to 5 were removed from the end of the log");
  }

  @Test
  void findsTheLastEventRemoved() {
    appendFive();
    execute("DELETE FROM audit_events WHERE seq = 5");

    assertBreak(5, 4, "event 5 was removed from the end of the log");
  }

  @Test
  void findsAReplacedEventAtTheNextEventEvenWhenItsOwnHashWasRecomputed() {
    List<AuditEvent> events = appendFive();
    AuditEvent original = events.get(2);
    AuditEvent forged =
        forge(
            original.sequence(),
            original,
            "{\"environment\":\"production\",\"reason\":\"approved by the change board\"}",
            original.previousHash());
    replace(forged);

    assertBreak(
        4,
        3,
        "event 4 does not follow event 3: an event was removed, replaced or inserted before it");
  }

  @Test
  void findsAnEventInsertedInTheMiddle() {
    List<AuditEvent> events = appendFive();
    // Make room at 3 in two steps, so no row briefly collides with another's sequence.
    execute("UPDATE audit_events SET seq = seq + 100 WHERE seq >= 3");
    execute("UPDATE audit_events SET seq = seq - 99 WHERE seq >= 100");
    AuditEvent forged =
        forge(3, events.get(2), "{\"environment\":\"production\"}", events.get(1).hash());
    insert(forged);
    execute("UPDATE audit_head SET last_seq = 6 WHERE id = 1");

    assertBreak(
        4,
        3,
        "event 4 (promotion.requested promotion:1) was altered: its content does not match"
            + " its hash");
  }

  @Test
  void findsAnEventAppendedWithoutMovingTheHead() {
    List<AuditEvent> events = appendFive();
    AuditEvent last = events.get(4);
    insert(forge(6, last, "{\"environment\":\"production\"}", last.hash()));

    assertBreak(6, 5, "event 6 was added outside Slipway: the head of the log records event 5");
  }

  @Test
  void findsTheLastEventReplacedEvenWhenItsOwnHashWasRecomputed() {
    List<AuditEvent> events = appendFive();
    AuditEvent last = events.get(4);
    AuditEvent forged = forge(5, last, "{\"environment\":\"staging\"}", last.previousHash());
    replace(forged);

    assertBreak(
        5,
        4,
        "event 5 (promotion.succeeded promotion:1) does not match the head of the log: the event"
            + " was replaced, or the head altered, after it was written");
  }

  @Test
  void findsAnAlteredHeadOfAnEmptyLog() {
    execute("UPDATE audit_head SET last_hash = '" + "f".repeat(64) + "' WHERE id = 1");

    assertBreak(0, 0, "the head of the log was altered: it records a hash, but the log is empty");
  }

  @Test
  void concurrentAppendsKeepAGaplessChain() throws Exception {
    int threads = 8;
    int perThread = 25;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String subject = "writer:" + t;
        done.add(
            executor.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    int n = i;
                    jdbi()
                        .useTransaction(
                            handle ->
                                audit.append(handle, CI, "test.appended", subject, Map.of("n", n)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    int total = threads * perThread;
    List<AuditEvent> stored = audit.list(jdbi(), 0, total + 10);
    assertThat(stored)
        .extracting(AuditEvent::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    for (int t = 0; t < threads; t++) {
      assertThat(audit.listBySubject(jdbi(), "writer:" + t)).hasSize(perThread);
    }
    AuditVerification verification = audit.verify(jdbi());
    assertThat(verification.firstBreak()).isEmpty();
    assertThat(verification.eventsChecked()).isEqualTo(total);
  }

  @Test
  void verifyingWhileEventsAreAppendedFindsNothingWrong() throws Exception {
    appendFive();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    List<AuditVerification> verdicts = new ArrayList<>();
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String subject = "writer:" + t;
        writers.add(
            executor.submit(
                () -> {
                  while (writing.get()) {
                    jdbi()
                        .useTransaction(
                            handle -> audit.append(handle, CI, "test.appended", subject, Map.of()));
                  }
                  return null;
                }));
      }
      for (int i = 0; i < 40; i++) {
        verdicts.add(audit.verify(jdbi()));
      }
      writing.set(false);
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
      executor.shutdownNow();
    }

    assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.firstBreak()).isEmpty());
    assertThat(verdicts.get(verdicts.size() - 1).eventsChecked())
        .as("the writers ran while the log was verified")
        .isGreaterThan(5);
  }

  private void assertBreak(long sequence, long lastIntact, String problem) {
    AuditVerification verification = audit.verify(jdbi());
    assertThat(verification.intact()).isFalse();
    assertThat(verification.firstBreak()).contains(new Break(sequence, problem));
    assertThat(verification.lastIntactSequence()).isEqualTo(lastIntact);
  }

  private List<AuditEvent> appendFive() {
    return List.of(
        append(ALICE, "user.created", "user:alice@example.org", Map.of("name", "Alice")),
        append(CI, "build.registered", "build:api@a1b2c3d", Map.of("version", "a1b2c3d")),
        append(
            ALICE,
            "promotion.requested",
            "promotion:1",
            Map.of("reason", "weekly release", "environment", "production")),
        append(
            Actor.SLIPWAY,
            "promotion.deploying",
            "promotion:1",
            Map.of("from", "PENDING", "to", "DEPLOYING")),
        append(
            Actor.SLIPWAY,
            "promotion.succeeded",
            "promotion:1",
            Map.of("from", "VERIFYING", "to", "SUCCEEDED")));
  }

  private AuditEvent append(Actor actor, String action, String subject, Map<String, ?> details) {
    clock.advance(Duration.ofSeconds(1));
    return jdbi().inTransaction(handle -> audit.append(handle, actor, action, subject, details));
  }

  /**
   * An event as someone who knows the hashing scheme would forge it: new details and actor, with a
   * hash that matches its own content.
   */
  private static AuditEvent forge(
      long sequence, AuditEvent model, String details, String previousHash) {
    AuditEvent unsigned =
        new AuditEvent(
            sequence,
            model.occurredAt(),
            MALLORY,
            model.action(),
            model.subject(),
            details,
            previousHash,
            "");
    return new AuditEvent(
        sequence,
        model.occurredAt(),
        MALLORY,
        model.action(),
        model.subject(),
        details,
        previousHash,
        unsigned.expectedHash());
  }

  private void insert(AuditEvent event) {
    jdbi()
        .useHandle(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO audit_events (seq, occurred_at, actor, action, subject,"
                            + " details, prev_hash, hash) VALUES (:seq, :at, :actor, :action,"
                            + " :subject, :details, :prev, :hash)")
                    .bind("seq", event.sequence())
                    .bind("at", event.occurredAt())
                    .bind("actor", event.actor())
                    .bind("action", event.action())
                    .bind("subject", event.subject())
                    .bind("details", event.details())
                    .bind("prev", event.previousHash())
                    .bind("hash", event.hash())
                    .execute());
  }

  private void replace(AuditEvent forged) {
    int rows =
        jdbi()
            .withHandle(
                handle ->
                    handle
                        .createUpdate(
                            "UPDATE audit_events SET actor = :actor, details = :details,"
                                + " hash = :hash WHERE seq = :seq")
                        .bind("actor", forged.actor())
                        .bind("details", forged.details())
                        .bind("hash", forged.hash())
                        .bind("seq", forged.sequence())
                        .execute());
    assertThat(rows).isEqualTo(1);
  }

  private void execute(String sql) {
    int rows = jdbi().withHandle(handle -> handle.execute(sql));
    assertThat(rows).as("rows changed by " + sql).isPositive();
  }

  private Jdbi jdbi() {
    return database.jdbi();
  }
}
