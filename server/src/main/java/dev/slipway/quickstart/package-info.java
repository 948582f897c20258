/**
 * {@code slipway quickstart}: a whole Slipway a newcomer can watch on one machine. It makes a
 * manifests repository and source repositories, starts a simulated fleet and the server, then plays
 * CI in the foreground and narrates what Slipway does, reading every fact it prints back from the
 * API, the fleet or the repositories.
 */
package dev.slipway.quickstart;
