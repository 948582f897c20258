package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.component.ComponentName;
import java.util.Optional;

/**
 * One component as a test run saw it.
 *
 * @param component the component
 * @param build the registered build, when the version running was one
 * @param version the version that ran: the build's commit, or a value Slipway never registered
 */
public record TestedBuild(ComponentName component, Optional<Build> build, String version) {
  public TestedBuild {
    requireNonNull(component, "component is null");
    requireNonNull(build, "build is null");
    requireNonNull(version, "version is null");
  }

  public static TestedBuild of(Build build) {
    return new TestedBuild(build.component(), Optional.of(build), build.commit().value());
  }

  /** {@code api@f3d0498}, or {@code api@<version>} for an unregistered version. */
  public String shortName() {
    return build.map(Build::shortName).orElse(component + "@" + version);
  }
}
