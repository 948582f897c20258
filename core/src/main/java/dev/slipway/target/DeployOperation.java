package dev.slipway.target;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import java.util.List;
import java.util.Optional;

/**
 * Changes to apply together, described for the record.
 *
 * @param id unique per promotion and purpose, e.g. {@code promotion-12-deploy}; what makes applying
 *     idempotent
 * @param subject one line saying what this is, used as a commit subject
 * @param body more lines for the record: who asked, why, which promotion
 * @param changes what to set
 * @param log where the deployer notes what it does, for the promotion's step log
 * @param environment the environment the changes are for; empty when the caller does not say
 * @param action whether new builds go out or earlier values come back
 */
public record DeployOperation(
    String id,
    String subject,
    String body,
    List<TargetChange> changes,
    DeployLog log,
    Optional<EnvironmentName> environment,
    DeployAction action) {
  public DeployOperation {
    requireNonNull(id, "id is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(body, "body is null");
    changes = List.copyOf(requireNonNull(changes, "changes is null"));
    requireNonNull(log, "log is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(action, "action is null");
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("an operation needs at least one change");
    }
  }

  /** A deploy of new builds whose environment is not named. */
  public DeployOperation(
      String id, String subject, String body, List<TargetChange> changes, DeployLog log) {
    this(id, subject, body, changes, log, Optional.empty(), DeployAction.DEPLOY);
  }
}
