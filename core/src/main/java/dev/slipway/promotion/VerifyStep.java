package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.check.Check;
import dev.slipway.check.CheckOutcome;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.component.ComponentName;
import dev.slipway.config.Durations;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a promotion with its checks: waits for the new versions to be reported within the
 * rollout timeout, keeps checking health through the bake time, and confirms that restored versions
 * came back after a rollback. Decides when verification has failed; the rollback itself is the
 * {@link DeployStep}'s.
 */
final class VerifyStep {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyStep.class);
  private static final String LISTENER_SAVEPOINT = "verification_listener";

  private final PromotionRepository promotions;
  private final VerificationRepository verification;
  private final PromotionStateMachine stateMachine;
  private final AutomaticPromotions automatic;
  private final PromotionRequests requests;
  private final Deployments deployments;
  private final SlipwayConfig config;
  private final StepRunner steps;
  private final Clock clock;
  private final LeaseGuard lease;
  private final List<PromotionListener> listeners;
  private final List<VerificationListener> verificationListeners;

  VerifyStep(
      PromotionRepository promotions,
      VerificationRepository verification,
      PromotionStateMachine stateMachine,
      AutomaticPromotions automatic,
      PromotionRequests requests,
      Deployments deployments,
      SlipwayConfig config,
      StepRunner steps,
      Clock clock,
      LeaseGuard lease,
      List<PromotionListener> listeners,
      List<VerificationListener> verificationListeners) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.verification = requireNonNull(verification, "verification is null");
    this.stateMachine = requireNonNull(stateMachine, "stateMachine is null");
    this.automatic = requireNonNull(automatic, "automatic is null");
    this.requests = requireNonNull(requests, "requests is null");
    this.deployments = requireNonNull(deployments, "deployments is null");
    this.config = requireNonNull(config, "config is null");
    this.steps = requireNonNull(steps, "steps is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.lease = requireNonNull(lease, "lease is null");
    this.listeners = requireNonNull(listeners, "listeners is null");
    this.verificationListeners =
        requireNonNull(verificationListeners, "verificationListeners is null");
  }

  /** ROLLING_OUT: have the checks seen the new versions yet? */
  void awaitRollout(Promotion promotion) {
    Instant now = now();
    Round round =
        runAll(promotion, CheckStage.ROLLOUT, build -> Optional.of(build.expectedVersion()));
    EnvironmentConfig environment = config.getEnvironment(promotion.environment());
    // After-steps run once the new versions are reported and before the bake, so the bake time
    // also watches what they did (a cleared cache, a warmed one).
    Optional<String> stepFailure =
        round.failure().isEmpty() && round.allPassed() && promotion.kind() == PromotionKind.DEPLOY
            ? steps.runAfter(promotion)
            : Optional.empty();
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              if (round.failure().isPresent()) {
                fail(handle, promotion, round.failure().get());
                tellVerificationEnded(handle, promotion, false, now);
              } else if (stepFailure.isPresent()) {
                fail(handle, promotion, stepFailure.get());
              } else if (round.allPassed()) {
                verification.resetChecks(handle, promotion.id());
                stateMachine.markRolledOut(handle, promotion);
              } else if (!now.isBefore(
                  promotion.phaseChangedAt().plus(environment.rolloutTimeout()))) {
                String reason =
                    round.firstNotPassedOrEmpty()
                        + " did not show the new version within "
                        + Durations.format(environment.rolloutTimeout());
                fail(handle, promotion, reason);
                tellVerificationEnded(handle, promotion, false, now);
              } else {
                promotions.setNextRun(handle, promotion.id(), now.plus(round.interval()));
              }
            });
  }

  /** VERIFYING: do the checks keep passing through the bake time? */
  void bake(Promotion promotion) {
    Instant now = now();
    Duration bakeTime =
        promotion.kind() == PromotionKind.ROLLBACK
            ? Duration.ZERO
            : config.getEnvironment(promotion.environment()).bakeTime();
    Instant bakeEnds = promotion.phaseChangedAt().plus(bakeTime);
    List<CheckState> states =
        promotions.jdbi().withHandle(handle -> verification.listChecks(handle, promotion.id()));
    List<Bound> checks = bound(promotion);
    List<Optional<CheckResult>> results = new ArrayList<>();
    for (Bound bound : checks) {
      Optional<Instant> lastRun =
          VerificationRepository.lastRun(states, bound.component(), bound.index());
      boolean due =
          lastRun.isEmpty() || !now.isBefore(lastRun.get().plus(bound.check().interval()));
      results.add(
          due
              ? Optional.of(
                  bound.run(
                      promotion, CheckStage.BAKE, Optional.of(bound.build().expectedVersion())))
              : Optional.empty());
    }
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              Optional<String> failure = Optional.empty();
              boolean allPassed = true;
              List<Instant> wakeAt = new ArrayList<>();
              if (bakeEnds.isAfter(now)) {
                wakeAt.add(bakeEnds);
              }
              for (int i = 0; i < checks.size(); i++) {
                Bound bound = checks.get(i);
                Optional<CheckState> before =
                    VerificationRepository.find(states, bound.component(), bound.index());
                CheckState current =
                    results.get(i).isPresent()
                        ? record(handle, promotion, bound, before, results.get(i).get(), now)
                        : before.orElseThrow();
                if (failure.isEmpty()
                    && current.consecutiveFailures() >= bound.check().failureThreshold()) {
                  failure =
                      Optional.of(
                          bound.name()
                              + " failed "
                              + (current.consecutiveFailures() == 1
                                  ? "once"
                                  : current.consecutiveFailures() + " times in a row")
                              + ": "
                              + current.lastDetail().orElse(""));
                }
                allPassed &= current.lastOutcome().filter(CheckOutcome.PASSED::equals).isPresent();
                wakeAt.add(current.lastRunAt().orElse(now).plus(bound.check().interval()));
              }
              if (failure.isPresent()) {
                fail(handle, promotion, failure.get());
                tellVerificationEnded(handle, promotion, false, now);
              } else if (!now.isBefore(bakeEnds) && allPassed) {
                stateMachine.markVerified(handle, promotion);
                if (promotion.kind() == PromotionKind.DEPLOY) {
                  automatic.verified(handle, promotion);
                }
                for (PromotionListener listener : listeners) {
                  listener.succeeded(handle, promotion);
                }
                tellVerificationEnded(handle, promotion, true, now);
              } else {
                Instant next = wakeAt.stream().min(Instant::compareTo).orElse(bakeEnds);
                promotions.setNextRun(
                    handle, promotion.id(), next.isAfter(now) ? next : now.plusMillis(1));
              }
            });
  }

  /**
   * Tells the verification listeners inside the transaction that ends verification, so what they
   * record commits with that end or not at all. Each runs behind a savepoint: one that fails undoes
   * only its own writes and leaves a warning, never the promotion's end.
   */
  private void tellVerificationEnded(
      Handle handle, Promotion promotion, boolean passed, Instant now) {
    if (promotion.kind() != PromotionKind.DEPLOY || verificationListeners.isEmpty()) {
      return;
    }
    VerificationEnd end =
        new VerificationEnd(
            promotion, passed, now, verification.listChecks(handle, promotion.id()));
    for (VerificationListener listener : verificationListeners) {
      handle.savepoint(LISTENER_SAVEPOINT);
      try {
        listener.verificationEnded(handle, end);
        handle.releaseSavepoint(LISTENER_SAVEPOINT);
      } catch (RuntimeException e) {
        LOG.warn("a verification listener failed on promotion {}", promotion.id(), e);
        handle.rollbackToSavepoint(LISTENER_SAVEPOINT);
        promotions.appendStep(
            handle,
            promotion.id(),
            now,
            StepSeverity.WARNING,
            "The outcome of the checks could not be recorded: " + firstLineOfCause(e));
      }
    }
  }

  /**
   * What went wrong at the bottom, on one line: a database refusal's own words without the
   * statement and row the driver adds.
   */
  private static String firstLineOfCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).lines().findFirst().orElse("").strip();
  }

  /** ROLLING_BACK after the restore: are the previous versions reported again? */
  void confirmRestore(Promotion promotion) {
    Instant now = now();
    Round round = runAll(promotion, CheckStage.ROLLOUT, PromotionBuild::versionToRestore);
    Duration timeout = config.getEnvironment(promotion.environment()).rolloutTimeout();
    Instant restoredAt = promotion.restoredAt().orElse(promotion.phaseChangedAt());
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              if (round.allPassed()) {
                stateMachine.markRolledBack(handle, promotion);
              } else if (round.failure().isPresent()) {
                stateMachine.markErrored(
                    handle,
                    promotion,
                    promotion.revertReference().map(ref -> "reverted in " + ref).orElse("restored")
                        + ", but the previous version is unhealthy: "
                        + round.failure().get()
                        + "; the environment needs a person");
              } else if (!now.isBefore(restoredAt.plus(timeout))) {
                stateMachine.markErrored(
                    handle,
                    promotion,
                    promotion.revertReference().map(ref -> "reverted in " + ref).orElse("restored")
                        + ", but "
                        + round.firstNotPassedOrEmpty()
                        + " did not show the previous version within "
                        + Durations.format(timeout)
                        + "; the environment needs a person");
              } else {
                promotions.setNextRun(handle, promotion.id(), now.plus(round.interval()));
              }
            });
  }

  private void fail(Handle handle, Promotion promotion, String reason) {
    if (promotion.kind() == PromotionKind.ROLLBACK) {
      stateMachine.markErrored(
          handle,
          promotion,
          "the restored versions did not verify: " + reason + "; the environment needs a person");
      return;
    }
    stateMachine.startRollingBack(handle, promotion, reason);
    for (PromotionBuild build : promotion.builds()) {
      build
          .build()
          .ifPresent(
              registered ->
                  requests.reject(
                      handle,
                      promotion.environment(),
                      registered,
                      promotion.id(),
                      "failed verification: " + reason));
    }
  }

  private CheckState record(
      Handle handle,
      Promotion promotion,
      Bound bound,
      Optional<CheckState> previous,
      CheckResult result,
      Instant now) {
    int failures =
        result.outcome() == CheckOutcome.PASSED
            ? 0
            : previous.map(CheckState::consecutiveFailures).orElse(0) + 1;
    CheckState state =
        new CheckState(
            bound.component(),
            bound.index(),
            bound.check().description(),
            failures,
            Optional.of(now),
            Optional.of(result.outcome()),
            Optional.of(result.detail()));
    verification.saveCheck(handle, promotion.id(), state);
    if (result.outcome() != CheckOutcome.PASSED) {
      promotions.appendStep(
          handle,
          promotion.id(),
          now,
          StepSeverity.WARNING,
          bound.name()
              + " failed ("
              + failures
              + " of "
              + bound.check().failureThreshold()
              + "): "
              + result.detail());
    } else if (previous.map(CheckState::consecutiveFailures).orElse(0) > 0) {
      promotions.appendStep(
          handle,
          promotion.id(),
          now,
          StepSeverity.INFO,
          bound.name() + " recovered: " + result.detail());
    } else if (previous.isEmpty()) {
      promotions.appendStep(
          handle,
          promotion.id(),
          now,
          StepSeverity.INFO,
          bound.name() + " passed: " + result.detail());
    }
    return state;
  }

  /** Runs every check once for a rollout-style question and records what changed. */
  private Round runAll(
      Promotion promotion, CheckStage stage, Function<PromotionBuild, Optional<String>> expected) {
    Instant now = now();
    List<Bound> checks = bound(promotion);
    List<CheckResult> results = new ArrayList<>();
    for (Bound bound : checks) {
      results.add(bound.run(promotion, stage, expected.apply(bound.build())));
    }
    List<String> failures = new ArrayList<>();
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              List<CheckState> states = verification.listChecks(handle, promotion.id());
              for (int i = 0; i < checks.size(); i++) {
                Bound bound = checks.get(i);
                CheckResult result = results.get(i);
                Optional<CheckState> before =
                    VerificationRepository.find(states, bound.component(), bound.index());
                boolean changed =
                    before.isEmpty()
                        || before.get().lastOutcome().orElse(null) != result.outcome()
                        || !before.get().lastDetail().orElse("").equals(result.detail());
                int consecutive =
                    result.outcome() == CheckOutcome.FAILED
                        ? before.map(CheckState::consecutiveFailures).orElse(0) + 1
                        : 0;
                if (consecutive >= bound.check().failureThreshold()) {
                  failures.add(
                      bound.name()
                          + " failed "
                          + (consecutive == 1 ? "once" : consecutive + " times in a row")
                          + ": "
                          + result.detail());
                }
                verification.saveCheck(
                    handle,
                    promotion.id(),
                    new CheckState(
                        bound.component(),
                        bound.index(),
                        bound.check().description(),
                        consecutive,
                        Optional.of(now),
                        Optional.of(result.outcome()),
                        Optional.of(result.detail())));
                if (changed) {
                  promotions.appendStep(
                      handle,
                      promotion.id(),
                      now,
                      StepSeverity.INFO,
                      bound.name() + ": " + result.detail());
                }
              }
            });
    Duration interval =
        checks.stream()
            .map(bound -> bound.check().interval())
            .min(Duration::compareTo)
            .orElse(Duration.ofSeconds(1));
    Optional<String> firstNotPassed = Optional.empty();
    for (int i = 0; i < checks.size() && firstNotPassed.isEmpty(); i++) {
      if (results.get(i).outcome() != CheckOutcome.PASSED) {
        firstNotPassed = Optional.of(checks.get(i).name() + " (" + results.get(i).detail() + ")");
      }
    }
    return new Round(firstNotPassed, failures.stream().findFirst(), interval);
  }

  private List<Bound> bound(Promotion promotion) {
    List<Bound> bound = new ArrayList<>();
    for (PromotionBuild build : promotion.builds()) {
      List<Check> checks = deployments.get(promotion.environment(), build.component()).checks();
      for (int index = 0; index < checks.size(); index++) {
        bound.add(new Bound(build, index, checks.get(index)));
      }
    }
    return bound;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The outcome of asking every check once. */
  private record Round(
      Optional<String> firstNotPassed, Optional<String> failure, Duration interval) {
    boolean allPassed() {
      return firstNotPassed.isEmpty();
    }

    String firstNotPassedOrEmpty() {
      return firstNotPassed.orElse("");
    }
  }

  /** A check together with the component build it verifies. */
  private record Bound(PromotionBuild build, int index, Check check) {
    ComponentName component() {
      return build.component();
    }

    String name() {
      return build.component() + " check " + check.description();
    }

    CheckResult run(Promotion promotion, CheckStage stage, Optional<String> expected) {
      return check.run(
          new CheckRequest(promotion.environment(), build.component(), stage, expected));
    }
  }
}
