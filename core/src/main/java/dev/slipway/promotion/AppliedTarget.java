package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import java.util.Optional;

/**
 * What a promotion wrote to one target, and the value it replaced, which a rollback writes back.
 *
 * @param component the component
 * @param index the target's position in the environment's configuration for the component
 * @param description the target as it was described when written
 * @param newValue the value written
 * @param previousValue the value replaced; empty when the target held none
 */
public record AppliedTarget(
    ComponentName component,
    int index,
    String description,
    String newValue,
    Optional<String> previousValue) {
  public AppliedTarget {
    requireNonNull(component, "component is null");
    requireNonNull(description, "description is null");
    requireNonNull(newValue, "newValue is null");
    requireNonNull(previousValue, "previousValue is null");
  }
}
