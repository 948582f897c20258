package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one step of one started promotion, chosen by its stored phase. Because every step starts
 * from what the database says, a promotion interrupted anywhere (a killed server) carries on from
 * where it was; deploy and revert operations are idempotent, so nothing is applied twice.
 *
 * <p>A terminal error ends the promotion as errored. Any other error is counted and the step is
 * tried again after a back-off, until too many errors in a row end it too.
 */
final class PromotionReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionReconciler.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final PromotionRepository promotions;
  private final PromotionStateMachine stateMachine;
  private final DeployStep deploy;
  private final VerifyStep verify;
  private final Clock clock;
  private final LeaseGuard lease;
  private final int maxStepErrors;

  PromotionReconciler(
      PromotionRepository promotions,
      PromotionStateMachine stateMachine,
      DeployStep deploy,
      VerifyStep verify,
      Clock clock,
      LeaseGuard lease,
      int maxStepErrors) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.stateMachine = requireNonNull(stateMachine, "stateMachine is null");
    this.deploy = requireNonNull(deploy, "deploy is null");
    this.verify = requireNonNull(verify, "verify is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.lease = requireNonNull(lease, "lease is null");
    this.maxStepErrors = maxStepErrors;
  }

  void reconcile(long id) {
    Promotion promotion = promotions.getPromotion(id);
    try {
      step(promotion);
    } catch (LeaseLostException e) {
      leaseLost(promotion);
    }
  }

  private void step(Promotion promotion) {
    long id = promotion.id();
    boolean lastAttempt = promotion.stepErrors() + 1 >= maxStepErrors;
    try {
      switch (promotion.phase()) {
        case DEPLOYING -> deploy.deploy(promotion, lastAttempt);
        case ROLLING_OUT -> verify.awaitRollout(promotion);
        case VERIFYING -> verify.bake(promotion);
        case ROLLING_BACK -> {
          if (promotion.restoredAt().isEmpty()) {
            deploy.restore(promotion, lastAttempt);
          } else {
            verify.confirmRestore(promotion);
          }
        }
        case PENDING, SUCCEEDED, FAILED, ERRORED, CANCELLED -> {}
      }
    } catch (LeaseLostException e) {
      throw e;
    } catch (SlipwayException e) {
      if (e.isTerminal()) {
        errored(promotion, describe(promotion, e));
      } else {
        retryLater(promotion, e);
      }
    } catch (RuntimeException e) {
      LOG.warn("step of promotion {} failed", id, e);
      retryLater(promotion, e);
    }
  }

  private void retryLater(Promotion promotion, RuntimeException error) {
    int attempt = promotion.stepErrors() + 1;
    if (attempt >= maxStepErrors) {
      errored(promotion, describe(promotion, error) + " (gave up after " + attempt + " attempts)");
      return;
    }
    Duration doubling = Duration.ofSeconds(1L << Math.min(attempt, 6));
    Duration backoff = doubling.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubling;
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant retryAt = now.plus(backoff);
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              promotions.recordStepError(handle, promotion.id(), retryAt);
              promotions.appendStep(
                  handle,
                  promotion.id(),
                  now,
                  StepSeverity.WARNING,
                  "Attempt "
                      + attempt
                      + " of "
                      + maxStepErrors
                      + " failed: "
                      + message(error)
                      + "; trying again in "
                      + backoff.toSeconds()
                      + "s");
            });
  }

  /**
   * Ends the promotion, unless this server no longer holds its lease (another took the step over)
   * or it has left the phase whose step failed (someone moved it on meanwhile): then this failure,
   * often a refused late move, no longer says anything about the promotion.
   */
  private void errored(Promotion stale, String reason) {
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, stale.id());
              Promotion current = promotions.getPromotion(handle, stale.id());
              if (current.phase() == stale.phase()) {
                stateMachine.markErrored(handle, current, reason);
              } else {
                LOG.info(
                    "promotion {} moved from {} to {} while this server's step failed: {}",
                    stale.id(),
                    stale.phase(),
                    current.phase(),
                    reason);
              }
            });
  }

  /**
   * The step ended after another server took the promotion over; what it did is that server's to
   * redo or carry on from, and nothing this one found is written.
   */
  private void leaseLost(Promotion promotion) {
    String holder =
        promotions
            .findLeaseOwner(promotion.id())
            .map(owner -> "server " + owner)
            .orElse("no server");
    LOG.warn(
        "promotion {}: the {} step of this server ({}) ended after {} took the lease; its outcome"
            + " was not recorded",
        promotion.id(),
        promotion.phase(),
        lease.owner(),
        holder);
    promotions
        .jdbi()
        .useHandle(
            handle ->
                promotions.appendStep(
                    handle,
                    promotion.id(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    StepSeverity.WARNING,
                    "Server "
                        + lease.owner()
                        + " finished a "
                        + promotion.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " step after its lease ran out and "
                        + holder
                        + " holds the promotion; its outcome was not recorded"));
  }

  private static String describe(Promotion promotion, RuntimeException error) {
    String what =
        switch (promotion.phase()) {
          case DEPLOYING -> "deploying failed";
          case ROLLING_BACK -> "restoring the previous versions failed";
          case ROLLING_OUT, VERIFYING -> "verification could not run";
          case PENDING, SUCCEEDED, FAILED, ERRORED, CANCELLED -> "step failed";
        };
    return what + ": " + message(error);
  }

  private static String message(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
