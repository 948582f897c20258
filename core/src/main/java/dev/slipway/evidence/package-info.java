/**
 * Test evidence: runs of test suites uploaded from CI, tied to the exact builds that ran in the
 * environment they tested, kept with their cases and their raw report, and the {@code evidence}
 * gate that asks for a passing run before builds move on.
 */
package dev.slipway.evidence;
