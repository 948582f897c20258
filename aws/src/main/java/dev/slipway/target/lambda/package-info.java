/**
 * The {@code lambda} deploy target: updates an AWS Lambda function's code (a container image or a
 * zip package in S3), publishes a version and moves an alias to it, optionally shifting a share of
 * the alias' traffic first. A rollback moves the alias back to the version it replaced.
 */
package dev.slipway.target.lambda;
