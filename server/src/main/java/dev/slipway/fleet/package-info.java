/**
 * A simulated fleet for the quickstart, the end-to-end tests and the benchmarks: per environment
 * and component, an HTTP endpoint serving {@code /_status} with the commit the manifests repository
 * currently names, after a rollout delay, and a switch that makes a build unhealthy.
 */
package dev.slipway.fleet;
