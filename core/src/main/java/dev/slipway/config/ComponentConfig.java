package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import java.util.List;
import java.util.Optional;

/**
 * A component as configured.
 *
 * @param name the component's name
 * @param repository where its source lives, read for change sets: the name of an entry under {@code
 *     repositories} (whose URL and credentials are then used), a URL or a local path
 * @param description one line for people reading status pages
 * @param paths for a component that is one part of a larger repository (a monorepo), the folders
 *     and files that are its source: its change sets list only the commits touching them; empty
 *     when the whole repository is its source
 */
public record ComponentConfig(
    ComponentName name,
    Optional<String> repository,
    Optional<String> description,
    List<String> paths) {
  public ComponentConfig {
    requireNonNull(name, "name is null");
    requireNonNull(repository, "repository is null");
    requireNonNull(description, "description is null");
    paths = List.copyOf(requireNonNull(paths, "paths is null"));
    for (String path : paths) {
      if (path.isBlank() || path.startsWith("/")) {
        throw new IllegalArgumentException(
            "path '" + path + "' of component " + name + " is not a path inside its repository");
      }
    }
  }

  /** A component whose source is its whole repository. */
  public ComponentConfig(
      ComponentName name, Optional<String> repository, Optional<String> description) {
    this(name, repository, description, List.of());
  }
}
