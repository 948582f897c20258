package dev.slipway.approval;

import static java.util.Objects.requireNonNull;

import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;

/**
 * One person's approval of a promotion.
 *
 * @param promotionId the promotion approved
 * @param approvedBy who approved it
 * @param reason what they said, when they said something
 * @param at when
 */
public record Approval(long promotionId, Actor approvedBy, Optional<String> reason, Instant at) {
  public Approval {
    requireNonNull(approvedBy, "approvedBy is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
  }
}
