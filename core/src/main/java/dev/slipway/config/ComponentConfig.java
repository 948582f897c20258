package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import java.util.Optional;

/**
 * A component as configured.
 *
 * @param name the component's name
 * @param repository where its source lives (a URL or a local path), read for change sets
 * @param description one line for people reading status pages
 */
public record ComponentConfig(
    ComponentName name, Optional<String> repository, Optional<String> description) {
  public ComponentConfig {
    requireNonNull(name, "name is null");
    requireNonNull(repository, "repository is null");
    requireNonNull(description, "description is null");
  }
}
