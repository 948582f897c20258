package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import org.jdbi.v3.core.Handle;

/**
 * Keeps a step from writing over another server's work. Every transaction in which a step records
 * its outcome starts by confirming that this server still holds the promotion's lease; the check
 * locks the promotion's row until the commit, so another server cannot claim it in between, and a
 * step whose lease another server took writes nothing.
 */
final class LeaseGuard {
  private final PromotionRepository promotions;
  private final String owner;

  LeaseGuard(PromotionRepository promotions, String owner) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.owner = requireNonNull(owner, "owner is null");
  }

  /** The instance id this server claims leases under. */
  String owner() {
    return owner;
  }

  /**
   * @throws LeaseLostException when the lease is another server's, or nobody's, now
   */
  void confirm(Handle handle, long promotion) {
    if (!promotions.holdLease(handle, promotion, owner)) {
      throw new LeaseLostException(promotion, owner);
    }
  }
}
