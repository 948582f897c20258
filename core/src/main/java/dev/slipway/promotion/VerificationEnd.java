package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * How a deploy promotion's verification ended.
 *
 * @param promotion the promotion as it was when its checks last ran
 * @param passed true when every check passed through the bake time; false when one failed
 * @param endedAt when verification ended
 * @param checks every configured check, with its last outcome and detail
 */
public record VerificationEnd(
    Promotion promotion, boolean passed, Instant endedAt, List<CheckState> checks) {
  public VerificationEnd {
    requireNonNull(promotion, "promotion is null");
    requireNonNull(endedAt, "endedAt is null");
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
  }
}
