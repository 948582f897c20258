/**
 * Running an outside program on Slipway's behalf: a command target, a command check, a step before
 * or after a deploy. It owns the settings such a command is written with, the timeout that kills
 * the program and everything it started, and the streaming of its output line by line.
 */
package dev.slipway.process;
