/**
 * Gates: the conditions an environment sets before a promotion may start there (owners certified,
 * soak time upstream, release windows, freezes, approvals, test evidence). Each gate answers pass,
 * wait or block; the engine starts a promotion only when every gate of its environment passes.
 */
package dev.slipway.gate;
