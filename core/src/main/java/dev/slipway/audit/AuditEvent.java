package dev.slipway.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One recorded change of state.
 *
 * @param sequence the event's position in the log, from 1 with no gaps
 * @param occurredAt when it happened, to the millisecond
 * @param actor who made it: {@code Alice <alice@example.org>} or {@code slipway}
 * @param action what happened, such as {@code promotion.succeeded}
 * @param subject what it happened to, such as {@code promotion:12}
 * @param details a JSON object with the particulars, stored and hashed exactly as written
 * @param previousHash the hash of the event before (64 zeros for the first)
 * @param hash the SHA-256 of this event's fields and the previous hash
 */
public record AuditEvent(
    long sequence,
    Instant occurredAt,
    String actor,
    String action,
    String subject,
    String details,
    String previousHash,
    String hash) {
  /** The previous hash of the first event. */
  public static final String GENESIS_HASH = "0".repeat(64);

  public AuditEvent {
    requireNonNull(occurredAt, "occurredAt is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(action, "action is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(details, "details is null");
    requireNonNull(previousHash, "previousHash is null");
    requireNonNull(hash, "hash is null");
  }

  /** The hash this event's content should have; differs from {@link #hash()} if it was altered. */
  public String expectedHash() {
    return hashOf(sequence, occurredAt, actor, action, subject, details, previousHash);
  }

  static String hashOf(
      long sequence,
      Instant occurredAt,
      String actor,
      String action,
      String subject,
      String details,
      String previousHash) {
    String canonical =
        String.join(
            "\n",
            Long.toString(sequence),
            occurredAt.toString(),
            actor,
            action,
            subject,
            details,
            previousHash);
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonical.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
