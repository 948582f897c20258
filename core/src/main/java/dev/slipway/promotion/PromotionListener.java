package dev.slipway.promotion;

import org.jdbi.v3.core.Handle;

/**
 * Told when a promotion succeeds, such as the releases that follow what an environment verified.
 */
public interface PromotionListener {
  /**
   * Called inside the transaction that marks the promotion succeeded; what the listener writes
   * commits or rolls back with it.
   */
  void succeeded(Handle handle, Promotion promotion);
}
