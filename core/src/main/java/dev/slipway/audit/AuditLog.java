package dev.slipway.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Appends events to the audit record and reads them back.
 *
 * <p>An event is appended in the same transaction as the change it records, so there is no change
 * without its event and no event without its change. Appends lock the single {@code audit_head}
 * row, which serializes them across instances sharing a database; append last in a transaction so
 * that lock is held briefly.
 */
public final class AuditLog {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final RowMapper<AuditEvent> MAPPER =
      (rows, context) ->
          new AuditEvent(
              rows.getLong("seq"),
              Rows.instant(rows, "occurred_at"),
              rows.getString("actor"),
              rows.getString("action"),
              rows.getString("subject"),
              rows.getString("details"),
              rows.getString("prev_hash"),
              rows.getString("hash"));

  private final Clock clock;

  public AuditLog(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Records an event inside the caller's transaction.
   *
   * @param details particulars; keys are written in sorted order
   */
  public AuditEvent append(
      Handle handle, Actor actor, String action, String subject, Map<String, ?> details) {
    requireNonNull(handle, "handle is null");
    requireNonNull(actor, "actor is null");
    Head head =
        handle
            .createQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
            .map((rows, context) -> new Head(rows.getLong(1), rows.getString(2)))
            .one();
    long sequence = head.sequence() + 1;
    Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String detailsJson = toJson(details);
    String actorText = actor.toString();
    String hash =
        AuditEvent.hashOf(
            sequence, occurredAt, actorText, action, subject, detailsJson, head.hash());
    handle
        .createUpdate(
            "INSERT INTO audit_events (seq, occurred_at, actor, action, subject, details,"
                + " prev_hash, hash) VALUES (:seq, :at, :actor, :action, :subject, :details,"
                + " :prev, :hash)")
        .bind("seq", sequence)
        .bind("at", occurredAt)
        .bind("actor", actorText)
        .bind("action", action)
        .bind("subject", subject)
        .bind("details", detailsJson)
        .bind("prev", head.hash())
        .bind("hash", hash)
        .execute();
    handle
        .createUpdate("UPDATE audit_head SET last_seq = :seq, last_hash = :hash WHERE id = 1")
        .bind("seq", sequence)
        .bind("hash", hash)
        .execute();
    return new AuditEvent(
        sequence, occurredAt, actorText, action, subject, detailsJson, head.hash(), hash);
  }

  /** Events after a sequence number, oldest first, at most {@code limit}. */
  public List<AuditEvent> list(Jdbi jdbi, long afterSequence, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM audit_events WHERE seq > :after ORDER BY seq"
                        + " FETCH FIRST :limit ROWS ONLY")
                .bind("after", afterSequence)
                .bind("limit", limit)
                .map(MAPPER)
                .list());
  }

  /** Events about one subject, oldest first. */
  public List<AuditEvent> listBySubject(Jdbi jdbi, String subject) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM audit_events WHERE subject = :subject ORDER BY seq")
                .bind("subject", subject)
                .map(MAPPER)
                .list());
  }

  /** Streams every event, oldest first, without holding the whole log in memory. */
  public void forEach(Jdbi jdbi, Consumer<AuditEvent> consumer) {
    jdbi.useHandle(handle -> forEach(handle, consumer));
  }

  private static void forEach(Handle handle, Consumer<AuditEvent> consumer) {
    try (var events =
        handle
            .createQuery("SELECT * FROM audit_events ORDER BY seq")
            .setFetchSize(500)
            .map(MAPPER)
            .stream()) {
      events.forEach(consumer);
    }
  }

  /** The last sequence number and hash as the head row records them. */
  public Head head(Jdbi jdbi) {
    return jdbi.withHandle(AuditLog::head);
  }

  private static Head head(Handle handle) {
    return handle
        .createQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
        .map((rows, context) -> new Head(rows.getLong(1), rows.getString(2)))
        .one();
  }

  /**
   * Checks the whole stored log against its hashes and head. The head and the events are read from
   * one snapshot: read apart, events appended meanwhile by a running server would look like events
   * removed from the end of the log. Serializable is the level at which both databases give a
   * snapshot without phantoms (H2's repeatable read shows rows inserted meanwhile); for a
   * transaction that only reads, it takes no locks that would hold up appends.
   */
  public AuditVerification verify(Jdbi jdbi) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.SERIALIZABLE,
        handle -> {
          Head head = head(handle);
          AuditVerifier verifier = new AuditVerifier();
          forEach(handle, verifier::accept);
          return verifier.finish(head);
        });
  }

  private static String toJson(Map<String, ?> details) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(details));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON: " + details, e);
    }
  }

  /** Where the log ends: the last sequence number and its hash. */
  public record Head(long sequence, String hash) {}
}
