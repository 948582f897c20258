/**
 * The {@code slipway} command line, for people and CI jobs: human-readable output by default,
 * {@code --output json} everywhere, and exit codes scripts can rely on. Client commands talk to a
 * server over the REST API; {@code server}, {@code quickstart}, {@code token create} and {@code
 * config validate} work on the local machine.
 */
package dev.slipway.cli;
