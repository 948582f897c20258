/**
 * Change sets: per component, the commits between the build running in an environment and the build
 * a release would put there, read from the component's repository, with the people who wrote each
 * commit.
 */
package dev.slipway.change;
