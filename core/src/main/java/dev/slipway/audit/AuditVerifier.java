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
                  ? "events "
                      + (lastSequence + 1)
                      + " to "
                      + (event.sequence() - 1)
                      + " were removed before event "
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
  }

  /** The verdict for the events seen, compared with the head when one is known. */
  public AuditVerification finish(Optional<AuditLog.Head> head) {
    if (firstBreak == null && head.isPresent()) {
      AuditLog.Head expected = head.get();
      if (expected.sequence() != lastSequence || !expected.hash().equals(lastHash)) {
        firstBreak =
            new AuditVerification.Break(
                lastSequence + 1,
                expected.sequence() > lastSequence
                    ? "events "
                        + (lastSequence + 1)
                        + " to "
                        + expected.sequence()
                        + " were removed from the end of the log"
                    : "the log ends at event "
                        + lastSequence
                        + " but its head records event "
                        + expected.sequence()
                        + ": events were added outside Slipway");
      }
    }
    return new AuditVerification(checked, lastSequence, Optional.ofNullable(firstBreak));
  }

  public AuditVerification finish(AuditLog.Head head) {
    return finish(Optional.of(head));
  }
}
