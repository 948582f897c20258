/**
 * The {@code git-file} deploy target: sets a version in a file of a git repository (a line such as
 * {@code API_DOCKER_TAG: "f3d0498"}, or a scalar found by a YAML path) and pushes one commit per
 * promotion. Files are edited byte for byte, so the diff of a promotion is exactly its value lines.
 */
package dev.slipway.target.git;
