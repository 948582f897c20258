package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.target.TargetChange;

/** A change a promotion is about to apply, with the target's position in the configuration. */
record PlannedChange(int index, TargetChange change) {
  PlannedChange {
    requireNonNull(change, "change is null");
  }
}
