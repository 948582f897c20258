package dev.slipway.check;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import java.util.Optional;

/**
 * What a check is asked.
 *
 * @param environment where it runs
 * @param component what it checks
 * @param stage whether the new version is still expected to appear or must now stay healthy
 * @param expectedVersion the commit (full or a prefix of at least seven characters) that should be
 *     running; empty when it is not known, and only health can be checked
 */
public record CheckRequest(
    EnvironmentName environment,
    ComponentName component,
    CheckStage stage,
    Optional<String> expectedVersion) {
  public CheckRequest {
    requireNonNull(environment, "environment is null");
    requireNonNull(component, "component is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(expectedVersion, "expectedVersion is null");
  }
}
