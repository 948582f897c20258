/**
 * Builds: immutable, registered artifacts of a component at one commit. Only registered builds can
 * be deployed; registration is what CI does after it has built an image.
 */
package dev.slipway.build;
