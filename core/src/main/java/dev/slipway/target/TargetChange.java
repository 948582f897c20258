package dev.slipway.target;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;

/** One target set to one value for one component. */
public record TargetChange(ComponentName component, Target target, String value) {
  public TargetChange {
    requireNonNull(component, "component is null");
    requireNonNull(target, "target is null");
    requireNonNull(value, "value is null");
  }
}
