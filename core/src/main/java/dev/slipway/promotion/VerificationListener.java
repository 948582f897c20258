package dev.slipway.promotion;

/**
 * Told when a deploy promotion's verification ends, after that end is committed: it passed through
 * the bake time, or a check failed and the promotion rolls back. What the listener stores is its
 * own affair; a listener that throws leaves a warning in the promotion's step log.
 */
public interface VerificationListener {
  void verificationEnded(VerificationEnd end);
}
