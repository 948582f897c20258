package dev.slipway.target;

import dev.slipway.build.Build;

/** One configured place where a component's version is set, such as one key of one file. */
public interface Target {
  /**
   * Names the place for people: {@code manifests:helmfile/overrides/staging.env API_DOCKER_TAG}.
   */
  String description();

  /** The value this target sets for a build (for a manifests line: usually the short commit). */
  String valueFor(Build build);

  /**
   * The deployer that applies this target. Targets that return the same deployer are applied
   * together in one operation: one commit for every line of one manifests repository.
   */
  Deployer deployer();
}
