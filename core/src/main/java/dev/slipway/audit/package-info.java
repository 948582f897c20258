/**
 * The audit record: an append-only log of every change of state and who made it, each event chained
 * to the one before by a SHA-256 hash so that an altered, removed or inserted event shows.
 */
package dev.slipway.audit;
