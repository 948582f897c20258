package dev.slipway.audit;

import java.util.Optional;

/**
 * Walks events in order and finds the first one that breaks the chain: altered (its hash does not
 * match its content), removed or inserted (its sequence or previous hash does not follow), or
 * missing from the end (the head records more than the log holds). Works on the database and on an
 * exported file alike.
 */
public final class AuditVerifier {
  private long checked;
  private long lastSequence;
  private String lastHash = AuditEvent.GENESIS_HASH;
  private AuditEvent last;
  private AuditVerification.Break firstBreak;

  public void accept(AuditEvent event) {
    if (firstBreak != null) {
      return;
    }
    checked++;
    if (!event.hash().equals(event.expectedHash())) {
      firstBreak =
          new AuditVerification.Break(
              event.sequence(),
              "event "
                  + event.sequence()
                  + " ("
                  + event.action()
                  + " "
                  + event.subject()
                  + ") was altered: its content does not match its hash");
      return;
    }
    if (event.sequence() != lastSequence + 1) {
      firstBreak =
          new AuditVerification.Break(
              event.sequence(),
              event.sequence() > lastSequence + 1
                  ? events(lastSequence + 1, event.sequence() - 1)
                      + " removed before event "
                      + event.sequence()
                  : "event " + event.sequence() + " is out of order after event " + lastSequence);
      return;
    }
    if (!event.previousHash().equals(lastHash)) {
      firstBreak =
          new AuditVerification.Break(
              event.sequence(),
              "event "
                  + event.sequence()
                  + " does not follow event "
                  + lastSequence
                  + ": an event was removed, replaced or inserted before it");
      return;
    }
    lastSequence = event.sequence();
    lastHash = event.hash();
    last = event;
  }

  /**
   * The verdict for the events seen, compared with the head when one is known. The head is moved in
   * the same transaction as every append, so a log that ends anywhere else was changed outside
   * Slipway.
   */
  public AuditVerification finish(Optional<AuditLog.Head> head) {
    long lastIntact = lastSequence;
    if (firstBreak == null && head.isPresent()) {
      AuditLog.Head expected = head.get();
      if (expected.sequence() > lastSequence) {
        firstBreak =
            new AuditVerification.Break(
                lastSequence + 1,
                events(lastSequence + 1, expected.sequence()) + " removed from the end of the log");
      } else if (expected.sequence() < lastSequence) {
        lastIntact = expected.sequence();
        firstBreak =
            new AuditVerification.Break(
                expected.sequence() + 1,
                events(expected.sequence() + 1, lastSequence)
                    + " added outside Slipway: the head of the log records event "
                    + expected.sequence());
      } else if (!expected.hash().equals(lastHash) && last == null) {
        firstBreak =
            new AuditVerification.Break(
                0, "the head of the log was altered: it records a hash, but the log is empty");
      } else if (!expected.hash().equals(lastHash)) {
        lastIntact = lastSequence - 1;
        firstBreak =
            new AuditVerification.Break(
                lastSequence,
                "event "
                    + lastSequence
                    + " ("
                    + last.action()
                    + " "
                    + last.subject()
                    + ") does not match the head of the log: the event was replaced, or the head"
                    + " altered, after it was written");
      }
    }
    return new AuditVerification(checked, lastIntact, Optional.ofNullable(firstBreak));
  }

  public AuditVerification finish(AuditLog.Head head) {
    return finish(Optional.of(head));
  }

  /** {@code event 3 was} or {@code events 3 to 5 were}. */
  private static String events(long first, long last) {
    return first == last ? "event " + first + " was" : "events " + first + " to " + last + " were";
  }
}
