/**
 * The {@code command} target: a program Slipway runs to deploy a version (a Terraform or terragrunt
 * apply of an infrastructure component), told what to deploy through {@code SLIPWAY_*} environment
 * variables, and run again with the previous commit to restore it.
 */
package dev.slipway.target.command;
