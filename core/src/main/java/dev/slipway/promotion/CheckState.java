package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.check.CheckOutcome;
import dev.slipway.component.ComponentName;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one check stands in a promotion's current verification; kept in the database so that a
 * restarted server carries on counting failures where it stopped.
 */
public record CheckState(
    ComponentName component,
    int index,
    String description,
    int consecutiveFailures,
    Optional<Instant> lastRunAt,
    Optional<CheckOutcome> lastOutcome,
    Optional<String> lastDetail) {
  public CheckState {
    requireNonNull(component, "component is null");
    requireNonNull(description, "description is null");
    requireNonNull(lastRunAt, "lastRunAt is null");
    requireNonNull(lastOutcome, "lastOutcome is null");
    requireNonNull(lastDetail, "lastDetail is null");
  }
}
