package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.component.ComponentName;
import java.util.Optional;

/**
 * One component of a promotion: what it puts in place and what ran before.
 *
 * @param component the component
 * @param build the build put in place; empty for a rollback to a version Slipway never registered
 * @param expectedVersion what the checks must see once it runs: the commit, or a restored value
 * @param previousBuild the build that ran before, as Slipway knows it
 * @param previousVersion the value the target held before, read when the promotion deployed
 */
public record PromotionBuild(
    ComponentName component,
    Optional<Build> build,
    String expectedVersion,
    Optional<Build> previousBuild,
    Optional<String> previousVersion) {
  public PromotionBuild {
    requireNonNull(component, "component is null");
    requireNonNull(build, "build is null");
    requireNonNull(expectedVersion, "expectedVersion is null");
    requireNonNull(previousBuild, "previousBuild is null");
    requireNonNull(previousVersion, "previousVersion is null");
  }

  /** What a rollback of this component must see again: the previous commit, else its value. */
  public Optional<String> versionToRestore() {
    return previousBuild.map(b -> b.commit().value()).or(() -> previousVersion);
  }

  /** {@code api@f3d0498}, or {@code api@<expected version>} without a registered build. */
  public String shortName() {
    return build.map(Build::shortName).orElse(component + "@" + expectedVersion);
  }
}
