/**
 * Slipway, a release-promotion server. {@link dev.slipway.Slipway} wires the domain packages
 * together: builds, environments, promotions, audit and identity, on top of storage and the
 * deploy-target and check extension points.
 */
package dev.slipway;
