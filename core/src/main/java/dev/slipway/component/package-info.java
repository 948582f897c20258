/**
 * Components: the things Slipway deploys, each with its own source repository ({@code api}, {@code
 * heartbeat-lambda}, {@code infrastructure}).
 */
package dev.slipway.component;
