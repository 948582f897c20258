package dev.slipway.build;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;

/**
 * A registered build: a component at one commit, with the version label people call it by, the
 * image CI produced and the CI run that produced it.
 */
public record Build(
    long id,
    ComponentName component,
    CommitSha commit,
    String version,
    Optional<String> image,
    Optional<String> ciUrl,
    Instant registeredAt,
    Actor registeredBy) {
  public Build {
    requireNonNull(component, "component is null");
    requireNonNull(commit, "commit is null");
    requireNonNull(version, "version is null");
    requireNonNull(image, "image is null");
    requireNonNull(ciUrl, "ciUrl is null");
    requireNonNull(registeredAt, "registeredAt is null");
    requireNonNull(registeredBy, "registeredBy is null");
  }

  public BuildRef ref() {
    return new BuildRef(component, commit);
  }

  /** {@code api@f3d0498}: the short form used in messages and commit subjects. */
  public String shortName() {
    return component + "@" + commit.shortSha();
  }
}
