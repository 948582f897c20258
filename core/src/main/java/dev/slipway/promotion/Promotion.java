package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A promotion as stored.
 *
 * @param id its number
 * @param environment where it deploys
 * @param kind new builds, or a rollback
 * @param origin asked for by a person or by an automatic policy
 * @param phase where it stands
 * @param requestedBy who asked (for automatic promotions: who registered the build)
 * @param reason why, when given
 * @param revertsPromotion for a rollback: the promotion whose changes it undoes
 * @param release the release it deploys; empty for loose builds and rollbacks
 * @param createdAt when it was asked for
 * @param phaseChangedAt when it entered its current phase; bake and rollout times count from here
 * @param finishedAt when it ended
 * @param nextRunAt when the scheduler should look at it again
 * @param deployReference the deploy commit (or other target record)
 * @param revertReference the revert commit, once a rollback restored the previous versions
 * @param restoredAt when the previous versions were restored
 * @param outcome why it ended as it did, in words
 * @param stepErrors consecutive unexpected errors of the current step; reset by a phase change
 * @param builds the components it deploys
 */
public record Promotion(
    long id,
    EnvironmentName environment,
    PromotionKind kind,
    PromotionOrigin origin,
    PromotionPhase phase,
    Actor requestedBy,
    Optional<String> reason,
    Optional<Long> revertsPromotion,
    Optional<Long> release,
    Instant createdAt,
    Instant phaseChangedAt,
    Optional<Instant> finishedAt,
    Optional<Instant> nextRunAt,
    Optional<String> deployReference,
    Optional<String> revertReference,
    Optional<Instant> restoredAt,
    Optional<String> outcome,
    int stepErrors,
    List<PromotionBuild> builds) {
  public Promotion {
    requireNonNull(environment, "environment is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(phase, "phase is null");
    requireNonNull(requestedBy, "requestedBy is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(revertsPromotion, "revertsPromotion is null");
    requireNonNull(release, "release is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(phaseChangedAt, "phaseChangedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(nextRunAt, "nextRunAt is null");
    requireNonNull(deployReference, "deployReference is null");
    requireNonNull(revertReference, "revertReference is null");
    requireNonNull(restoredAt, "restoredAt is null");
    requireNonNull(outcome, "outcome is null");
    builds = List.copyOf(requireNonNull(builds, "builds is null"));
  }

  /** The same promotion carrying the given builds. */
  Promotion withBuilds(List<PromotionBuild> newBuilds) {
    return new Promotion(
        id,
        environment,
        kind,
        origin,
        phase,
        requestedBy,
        reason,
        revertsPromotion,
        release,
        createdAt,
        phaseChangedAt,
        finishedAt,
        nextRunAt,
        deployReference,
        revertReference,
        restoredAt,
        outcome,
        stepErrors,
        newBuilds);
  }

  /** {@code api@f3d0498, admin@1a2b3c4}. */
  public String describeBuilds() {
    return builds.stream().map(PromotionBuild::shortName).collect(Collectors.joining(", "));
  }

  /** {@code promotion:12}, the audit subject. */
  public String subject() {
    return "promotion:" + id;
  }
}
