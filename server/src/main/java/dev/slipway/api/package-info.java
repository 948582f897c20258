/**
 * The REST API: JSON over HTTP on Javalin, token-authenticated, with errors as problem JSON and an
 * OpenAPI description served alongside. Handlers translate HTTP to calls on the domain services of
 * {@link dev.slipway.Slipway} and back; they hold no domain logic.
 */
package dev.slipway.api;
