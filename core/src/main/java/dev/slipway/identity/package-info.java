/**
 * Who does things: users, their API tokens (stored only as hashes), and the actor recorded against
 * every change of state.
 */
package dev.slipway.identity;
