package dev.slipway.promotion;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;

/**
 * A step finished after another server took its promotion over: this server's lease ran out (a long
 * pause, a lost connection) and the other claimed it. The step's outcome is dropped, not retried;
 * the promotion is the other server's now.
 */
final class LeaseLostException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(long promotion, String owner) {
    super(
        ErrorCategory.CONFLICT,
        "server "
            + owner
            + " no longer holds the lease of promotion "
            + promotion
            + "; another server took it over",
        null,
        true,
        null);
  }
}
