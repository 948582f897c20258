/**
 * What the AWS target and check share: where they reach AWS (a region and an optional endpoint,
 * credentials from the SDK's default chain) and how their settings are read and AWS errors worded.
 */
package dev.slipway.aws;
