/**
 * The ops lead's view of what waits: per environment, the open releases and pending promotions,
 * what each waits on (owners' certifications, a person to promote, a busy environment) and since
 * when.
 */
package dev.slipway.pending;
