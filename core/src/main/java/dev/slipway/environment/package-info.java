/**
 * Environments, and what runs in them: which build of each component is deployed where, since when
 * and by whom, and which builds were rejected in an environment and must never be promoted there
 * automatically again.
 */
package dev.slipway.environment;
