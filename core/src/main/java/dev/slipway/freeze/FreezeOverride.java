package dev.slipway.freeze;

import static java.util.Objects.requireNonNull;

import dev.slipway.identity.Actor;
import java.time.Instant;

/**
 * Leave for one promotion to start through the freezes of its environment, given by someone holding
 * the freeze gate's override role.
 */
public record FreezeOverride(long promotionId, Actor overriddenBy, String reason, Instant at) {
  public FreezeOverride {
    requireNonNull(overriddenBy, "overriddenBy is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
  }
}
