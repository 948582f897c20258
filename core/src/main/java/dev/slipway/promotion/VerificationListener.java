package dev.slipway.promotion;

import org.jdbi.v3.core.Handle;

/**
 * Told when a deploy promotion's verification ends: it passed through the bake time, or a check
 * failed (in the rollout or the bake) or the rollout timed out, and the promotion rolls back. It is
 * told inside the transaction that records that end, so what it writes through the handle commits
 * with it, and a server stopping in between loses neither. A listener that throws has its writes
 * undone and leaves a warning in the promotion's step log; the promotion's end stands. Work to do
 * only once committed goes to {@link Handle#afterCommit}.
 */
public interface VerificationListener {
  void verificationEnded(Handle handle, VerificationEnd end);
}
