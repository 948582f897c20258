package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a person says about their commits in a release.
 *
 * @param action certify, hold, or lift a hold
 * @param reason why: required for a hold and when acting on someone's behalf
 * @param onBehalfOf the owner a delegate acts for; empty when people act for themselves
 */
public record CertifyRequest(Action action, Optional<String> reason, Optional<String> onBehalfOf) {
  public CertifyRequest {
    requireNonNull(action, "action is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(onBehalfOf, "onBehalfOf is null");
    reason = reason.map(String::strip).filter(text -> !text.isEmpty());
    onBehalfOf = onBehalfOf.map(String::strip).filter(text -> !text.isEmpty());
  }

  public static CertifyRequest certify() {
    return new CertifyRequest(Action.CERTIFY, Optional.empty(), Optional.empty());
  }

  public static CertifyRequest hold(String reason) {
    return new CertifyRequest(Action.HOLD, Optional.of(reason), Optional.empty());
  }

  public static CertifyRequest liftHold() {
    return new CertifyRequest(Action.LIFT_HOLD, Optional.empty(), Optional.empty());
  }

  public CertifyRequest onBehalfOf(String email, String why) {
    return new CertifyRequest(action, Optional.of(why), Optional.of(email));
  }

  /** What is said. */
  public enum Action {
    /** The commits may go out; lifts the owner's hold on them, if any. */
    CERTIFY,
    /** The commits must not go out until the hold is lifted. */
    HOLD,
    /** Withdraws the owner's hold without certifying. */
    LIFT_HOLD
  }
}
