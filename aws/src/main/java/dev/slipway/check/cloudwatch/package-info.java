/**
 * The {@code cloudwatch-alarm} check: named CloudWatch alarms must be in state OK through the bake
 * time. It says nothing about which version runs; pair it with a check that does when that matters.
 */
package dev.slipway.check.cloudwatch;
