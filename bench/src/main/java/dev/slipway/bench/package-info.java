/**
 * End-to-end benchmarks of the built server, run as a process of its own with the documented JVM
 * flags against a real manifests repository and the simulated fleet: how fast a registered build
 * becomes a deploy commit, how fast a failing probe becomes a revert commit, how fast the server
 * starts, and how much memory it holds when idle; and how fast change sets are read, against git
 * log on the same generated repository.
 */
package dev.slipway.bench;
