/**
 * The {@code command} check: a program that verifies a deploy (a smoke test, a terraform plan that
 * must show no changes); exit code 0 passes, anything else fails with its last output lines.
 */
package dev.slipway.check.command;
