/**
 * The ops lead's view of the estate: per environment, what runs for each component, since when and
 * by whom, and which promotions are running or waiting.
 */
package dev.slipway.status;
