/**
 * The verification-check extension point: how Slipway learns that a new version is running and
 * stays healthy through the bake time (an HTTP status endpoint, later Prometheus or CloudWatch).
 * Implementations are found by the {@code type} name in the configuration.
 */
package dev.slipway.check;
