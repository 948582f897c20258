package dev.slipway.target;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Changes to apply together, described for the record.
 *
 * @param id unique per promotion and purpose, e.g. {@code promotion-12-deploy}; what makes applying
 *     idempotent
 * @param subject one line saying what this is, used as a commit subject
 * @param body more lines for the record: who asked, why, which promotion
 * @param changes what to set
 * @param log where the deployer notes what it does, for the promotion's step log
 */
public record DeployOperation(
    String id, String subject, String body, List<TargetChange> changes, DeployLog log) {
  public DeployOperation {
    requireNonNull(id, "id is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(body, "body is null");
    changes = List.copyOf(requireNonNull(changes, "changes is null"));
    requireNonNull(log, "log is null");
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("an operation needs at least one change");
    }
  }
}
