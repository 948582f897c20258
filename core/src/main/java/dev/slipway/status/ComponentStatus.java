package dev.slipway.status;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.RunningBuild;
import java.util.Optional;

/** One component in one environment: what runs, or nothing Slipway has deployed yet. */
public record ComponentStatus(ComponentName component, Optional<RunningBuild> running) {
  public ComponentStatus {
    requireNonNull(component, "component is null");
    requireNonNull(running, "running is null");
  }
}
