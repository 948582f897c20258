/**
 * Releases: immutable sets of builds, one per component, cut for an environment from what its
 * upstream verified (never from a branch head), by hand, as the upstream verifies new builds, or by
 * a release train. A newer cut supersedes the open release of the same environment.
 */
package dev.slipway.release;
