/**
 * The {@code soak} gate: builds must have run verified in the upstream environment for a configured
 * time before they move on.
 */
package dev.slipway.gate.soak;
