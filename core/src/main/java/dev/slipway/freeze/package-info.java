/**
 * The {@code freeze} gate: planned, weekly and declared freezes that hold promotions, declaring and
 * lifting freezes at run time, and the overrides that let one promotion through a freeze.
 */
package dev.slipway.freeze;
