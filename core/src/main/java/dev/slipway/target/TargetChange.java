package dev.slipway.target;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.component.ComponentName;
import java.util.Optional;

/**
 * One target set to one value for one component.
 *
 * @param component the component
 * @param target where the value is set
 * @param value what is set
 * @param build the registered build the value belongs to, when Slipway knows it; targets that pass
 *     the build on (a command's {@code SLIPWAY_IMAGE}) read it here
 * @param replacing what Slipway knows runs there now (a commit, or a restored older value); a
 *     target that cannot read the value it replaces itself (a command) reports this as the previous
 *     value, which is what a rollback writes back
 */
public record TargetChange(
    ComponentName component,
    Target target,
    String value,
    Optional<Build> build,
    Optional<String> replacing) {
  public TargetChange {
    requireNonNull(component, "component is null");
    requireNonNull(target, "target is null");
    requireNonNull(value, "value is null");
    requireNonNull(build, "build is null");
    requireNonNull(replacing, "replacing is null");
  }

  /** A change without the build and the replaced value: for targets that read both themselves. */
  public TargetChange(ComponentName component, Target target, String value) {
    this(component, target, value, Optional.empty(), Optional.empty());
  }
}
