package dev.slipway.target;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A change that was applied, and the value it replaced (empty when the target had none), which is
 * what a rollback restores.
 */
public record AppliedChange(TargetChange change, Optional<String> previousValue) {
  public AppliedChange {
    requireNonNull(change, "change is null");
    requireNonNull(previousValue, "previousValue is null");
  }
}
