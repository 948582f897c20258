package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.Rejection;
import dev.slipway.identity.Actor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Starts the next pending promotion of an environment once nothing else holds it: rollbacks first,
 * then in the order asked. Before starting an automatic promotion it withdraws it if one of its
 * builds was rejected there, or if a later automatic promotion replaces all of it. A promotion
 * starts only once the {@link GateKeeper} admits it; until then it holds those behind it, so builds
 * never reach an environment out of the order they were asked for.
 */
final class PromotionStarter {
  private final PromotionRepository promotions;
  private final EnvironmentRepository environments;
  private final PromotionStateMachine stateMachine;
  private final GateKeeper gates;
  private final Clock clock;

  PromotionStarter(
      PromotionRepository promotions,
      EnvironmentRepository environments,
      PromotionStateMachine stateMachine,
      GateKeeper gates,
      Clock clock) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.stateMachine = requireNonNull(stateMachine, "stateMachine is null");
    this.gates = requireNonNull(gates, "gates is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A starter for environments without gates. */
  PromotionStarter(
      PromotionRepository promotions,
      EnvironmentRepository environments,
      PromotionStateMachine stateMachine,
      Clock clock) {
    this(promotions, environments, stateMachine, GateKeeper.none(promotions, clock), clock);
  }

  /**
   * Starts the next promotion of the environment if it is free and its gates pass; true when one
   * started or the line changed meanwhile. The gates are asked outside any transaction: they read
   * through connections of their own and may take a moment.
   */
  boolean startNext(EnvironmentName environment) {
    Optional<Promotion> next =
        promotions.jdbi().inTransaction(handle -> nextInLine(handle, environment));
    if (next.isEmpty() || !gates.admits(next.get())) {
      return false;
    }
    long admitted = next.get().id();
    return promotions
        .jdbi()
        .inTransaction(
            handle -> {
              Optional<Promotion> still = nextInLine(handle, environment);
              if (still.isEmpty()) {
                return false;
              }
              if (still.get().id() != admitted) {
                return true;
              }
              if (!environments.occupy(handle, environment, admitted)) {
                return false;
              }
              warnAboutRejectedBuilds(handle, still.get());
              stateMachine.startDeploying(handle, still.get());
              return true;
            });
  }

  /** When a held promotion's gates are next to be asked, if one is held. */
  Optional<Instant> nextRecheckAt() {
    return gates.nextRecheckAt();
  }

  /**
   * The promotion that would start next in a free environment, after withdrawing those that no
   * longer should start; empty when the environment is busy or nothing is pending.
   */
  private Optional<Promotion> nextInLine(Handle handle, EnvironmentName environment) {
    if (environments.findActivePromotionId(handle, environment).isPresent()) {
      return Optional.empty();
    }
    List<Promotion> pending = promotions.listPending(handle, environment);
    for (int i = 0; i < pending.size(); i++) {
      Promotion candidate = pending.get(i);
      Optional<String> withdrawal =
          withdrawal(handle, candidate, pending.subList(i + 1, pending.size()));
      if (withdrawal.isPresent()) {
        stateMachine.cancel(handle, candidate, Actor.SLIPWAY, withdrawal.get());
        continue;
      }
      return Optional.of(candidate);
    }
    return Optional.empty();
  }

  private Optional<String> withdrawal(Handle handle, Promotion candidate, List<Promotion> later) {
    if (candidate.origin() != PromotionOrigin.AUTOMATIC
        || candidate.kind() != PromotionKind.DEPLOY) {
      return Optional.empty();
    }
    for (PromotionBuild build : candidate.builds()) {
      Optional<Rejection> rejection =
          build
              .build()
              .flatMap(b -> environments.findRejection(handle, candidate.environment(), b));
      if (rejection.isPresent()) {
        return Optional.of(
            "build "
                + build.shortName()
                + " was rejected in "
                + candidate.environment()
                + " by promotion "
                + rejection.get().promotionId()
                + ": "
                + rejection.get().reason());
      }
    }
    Set<String> components = new HashSet<>();
    candidate.builds().forEach(build -> components.add(build.component().value()));
    for (Promotion newer : later) {
      if (newer.origin() == PromotionOrigin.AUTOMATIC && newer.kind() == PromotionKind.DEPLOY) {
        Set<String> covered = new HashSet<>();
        newer.builds().forEach(build -> covered.add(build.component().value()));
        if (covered.containsAll(components)) {
          return Optional.of(
              "superseded by promotion " + newer.id() + " (" + newer.describeBuilds() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private void warnAboutRejectedBuilds(Handle handle, Promotion promotion) {
    for (PromotionBuild entry : promotion.builds()) {
      Optional<Build> build = entry.build();
      if (build.isEmpty() || promotion.kind() != PromotionKind.DEPLOY) {
        continue;
      }
      environments
          .findRejection(handle, promotion.environment(), build.get())
          .ifPresent(
              rejection ->
                  promotions.appendStep(
                      handle,
                      promotion.id(),
                      clock.instant().truncatedTo(ChronoUnit.MILLIS),
                      StepSeverity.WARNING,
                      build.get().shortName()
                          + " was rejected here by promotion "
                          + rejection.promotionId()
                          + " ("
                          + rejection.reason()
                          + "); promoting it as asked by "
                          + promotion.requestedBy()));
    }
  }
}
