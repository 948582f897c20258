package dev.slipway.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The result of checking the audit record.
 *
 * @param eventsChecked how many events were read up to the first break, or in all
 * @param lastIntactSequence the last event known to be intact
 * @param firstBreak the first problem found, if any
 */
public record AuditVerification(
    long eventsChecked, long lastIntactSequence, Optional<Break> firstBreak) {
  public AuditVerification {
    requireNonNull(firstBreak, "firstBreak is null");
  }

  public boolean intact() {
    return firstBreak.isEmpty();
  }

  /** Where the chain breaks and how. */
  public record Break(long sequence, String problem) {
    public Break {
      requireNonNull(problem, "problem is null");
    }
  }
}
