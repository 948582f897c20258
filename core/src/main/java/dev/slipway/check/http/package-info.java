/**
 * The {@code http} check: asks a service's status endpoint (the seed team's {@code GET /_status})
 * which commit it runs and whether it is healthy, and answers in the words the step log shows.
 */
package dev.slipway.check.http;
