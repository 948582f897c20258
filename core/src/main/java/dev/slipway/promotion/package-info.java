/**
 * Promotions: putting builds into an environment as a durable state machine stored in the database.
 * A promotion deploys to every target, waits for the rollout, verifies through the bake time, and
 * rolls back on its own when verification fails. The scheduler runs one promotion at a time per
 * environment and resumes any promotion after a restart from its stored phase.
 */
package dev.slipway.promotion;
