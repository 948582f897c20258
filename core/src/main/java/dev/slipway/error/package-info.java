/**
 * The one exception family of Slipway. Each error carries a category that decides the HTTP status
 * and the command-line exit code, so a failure reads the same wherever it surfaces.
 */
package dev.slipway.error;
