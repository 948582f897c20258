/**
 * How each component is deployed and verified in each environment: the targets and checks made from
 * the configuration by the implementations their {@code type} names.
 */
package dev.slipway.deployment;
