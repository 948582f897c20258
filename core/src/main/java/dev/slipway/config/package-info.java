/**
 * Configuration as code: the model of {@code slipway.yaml} (repositories, components, environments
 * with their targets and checks), its loading and validation against the JSON Schema, and the
 * secrets it refers to by environment variable or file.
 */
package dev.slipway.config;
