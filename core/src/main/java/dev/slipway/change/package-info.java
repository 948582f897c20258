/**
 * Change sets: per component, the commits between the build running in an environment and the build
 * a release would put there, read from the component's repository, with the people who wrote each
 * commit. {@link dev.slipway.change.ChangeSets} computes them; {@link
 * dev.slipway.change.ComponentSources} keeps the repositories they are read from (mirrors fetched
 * when a commit is missing, or local paths read in place).
 */
package dev.slipway.change;
