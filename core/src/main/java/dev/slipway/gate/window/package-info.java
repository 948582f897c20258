/**
 * The {@code window} gate: release windows by day, hours and time zone, with holidays, and the
 * weekly schedule that the freeze gate's recurring freezes share.
 */
package dev.slipway.gate.window;
