/**
 * The {@code kubernetes} deploy target: sets a container's image on a Deployment, StatefulSet,
 * DaemonSet or CronJob with a JSON patch, marks the workload with the operation that changed it,
 * and waits for the rollout. Targets on one cluster share one client.
 */
package dev.slipway.target.kubernetes;
