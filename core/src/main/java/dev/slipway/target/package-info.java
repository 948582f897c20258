/**
 * The deploy-target extension point: how a promotion writes a new version somewhere (a line in a
 * manifests repository, a Kubernetes Deployment, a Lambda alias). Implementations are found by the
 * {@code type} name in the configuration through {@link java.util.ServiceLoader}.
 */
package dev.slipway.target;
