package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.build.Build;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRepository;
import dev.slipway.component.ComponentName;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.RollbackRule;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.PromotionRepository.NewPromotion;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Asks for promotions: of builds, by hand or by an automatic policy; rollbacks; cancellations. A
 * request is stored as a pending promotion and the scheduler is woken to start it.
 */
public final class PromotionRequests {
  private final PromotionRepository promotions;
  private final EnvironmentRepository environments;
  private final BuildRepository builds;
  private final PromotionStateMachine stateMachine;
  private final SlipwayConfig config;
  private final AuditLog audit;
  private final Clock clock;
  private final Runnable wakeScheduler;
  private final Function<EnvironmentName, List<Gate>> gates;

  public PromotionRequests(
      PromotionRepository promotions,
      EnvironmentRepository environments,
      BuildRepository builds,
      PromotionStateMachine stateMachine,
      SlipwayConfig config,
      AuditLog audit,
      Clock clock,
      Runnable wakeScheduler) {
    this(
        promotions,
        environments,
        builds,
        stateMachine,
        config,
        audit,
        clock,
        wakeScheduler,
        environment -> List.of());
  }

  /**
   * @param gates the gates of an environment, of which those that are {@link RollbackRule}s are
   *     asked about rollbacks
   */
  public PromotionRequests(
      PromotionRepository promotions,
      EnvironmentRepository environments,
      BuildRepository builds,
      PromotionStateMachine stateMachine,
      SlipwayConfig config,
      AuditLog audit,
      Clock clock,
      Runnable wakeScheduler,
      Function<EnvironmentName, List<Gate>> gates) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.builds = requireNonNull(builds, "builds is null");
    this.stateMachine = requireNonNull(stateMachine, "stateMachine is null");
    this.config = requireNonNull(config, "config is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.wakeScheduler = requireNonNull(wakeScheduler, "wakeScheduler is null");
    this.gates = requireNonNull(gates, "gates is null");
  }

  /** Asks to promote registered builds, at most one per component, to an environment. */
  public Promotion promote(
      EnvironmentName environment, List<BuildRef> refs, Actor actor, Optional<String> reason) {
    EnvironmentConfig target = config.getEnvironment(environment);
    if (refs.isEmpty()) {
      throw SlipwayException.invalid("builds", "name at least one build to promote");
    }
    Set<ComponentName> seen = new HashSet<>();
    List<Build> resolved = new ArrayList<>();
    for (BuildRef ref : refs) {
      if (!seen.add(ref.component())) {
        throw SlipwayException.invalid(
            "builds",
            "component '%s' is named twice; promote one build per component",
            ref.component());
      }
      target.getDeployment(ref.component());
      resolved.add(builds.getBuild(ref));
    }
    long id =
        promotions
            .jdbi()
            .inTransaction(
                handle ->
                    insert(handle, environment, resolved, actor, reason, PromotionOrigin.MANUAL));
    return promotions.getPromotion(id);
  }

  /**
   * Stores a pending promotion inside the caller's transaction, with its audit event, and wakes the
   * scheduler once that transaction commits. Used for manual requests and by the automatic policy,
   * whose requests are made inside a build registration.
   */
  long insert(
      Handle handle,
      EnvironmentName environment,
      List<Build> builds,
      Actor actor,
      Optional<String> reason,
      PromotionOrigin origin) {
    List<PromotionBuild> entries =
        builds.stream()
            .map(
                build ->
                    new PromotionBuild(
                        build.component(),
                        Optional.of(build),
                        build.commit().value(),
                        Optional.empty(),
                        Optional.empty()))
            .toList();
    long id =
        promotions.insert(
            handle,
            new NewPromotion(
                environment,
                PromotionKind.DEPLOY,
                origin,
                actor,
                reason,
                Optional.empty(),
                entries),
            now());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", environment.value());
    details.put("builds", builds.stream().map(build -> build.ref().toString()).toList());
    details.put("origin", origin.name());
    reason.ifPresent(text -> details.put("reason", text));
    audit.append(handle, actor, "promotion.requested", "promotion:" + id, details);
    promotions.appendStep(
        handle,
        id,
        now(),
        StepSeverity.INFO,
        "Requested by "
            + actor
            + (origin == PromotionOrigin.AUTOMATIC ? " (automatic)" : "")
            + reason.map(text -> ": " + text).orElse(""));
    handle.afterCommit(wakeScheduler);
    return id;
  }

  /**
   * Asks to undo the most recent succeeded promotion in an environment: its previous versions are
   * written back and verified, and its builds are rejected there. Runs before anything queued, and
   * is never held by gates; a gate that is a {@link RollbackRule} (a freeze) may ask for a reason.
   */
  public Promotion rollback(EnvironmentName environment, Actor actor, Optional<String> reason) {
    config.getEnvironment(environment);
    List<String> exceptions = new ArrayList<>();
    for (Gate gate : gates.apply(environment)) {
      if (gate instanceof RollbackRule rule) {
        rule.checkRollback(actor, reason, now()).ifPresent(exceptions::add);
      }
    }
    long id =
        promotions
            .jdbi()
            .inTransaction(
                handle -> {
                  Optional<Promotion> active = promotions.findActive(handle, environment);
                  if (active.isPresent()) {
                    throw SlipwayException.conflict(
                        "promotion %d is %s in %s; it rolls back on its own if its checks fail."
                            + " Roll back once it has finished",
                        active.get().id(),
                        active.get().phase().name().toLowerCase(java.util.Locale.ROOT),
                        environment);
                  }
                  Promotion undone =
                      promotions
                          .findLastUndoneDeploy(handle, environment)
                          .orElseThrow(
                              () ->
                                  SlipwayException.conflict(
                                      "nothing to roll back in %s: no succeeded promotion there"
                                          + " that has not been rolled back already",
                                      environment));
                  return insertRollback(handle, undone, actor, reason, exceptions);
                });
    wakeScheduler.run();
    return promotions.getPromotion(id);
  }

  private long insertRollback(
      Handle handle,
      Promotion undone,
      Actor actor,
      Optional<String> reason,
      List<String> exceptions) {
    List<PromotionBuild> entries = new ArrayList<>();
    for (PromotionBuild build : undone.builds()) {
      String restore =
          build
              .versionToRestore()
              .orElseThrow(
                  () ->
                      SlipwayException.conflict(
                          "promotion %d did not record what %s ran before it; restore it by hand",
                          undone.id(), build.component()));
      entries.add(
          new PromotionBuild(
              build.component(),
              build.previousBuild(),
              restore,
              build.build(),
              Optional.of(build.expectedVersion())));
    }
    String why = reason.orElse("rolled back by hand");
    long id =
        promotions.insert(
            handle,
            new NewPromotion(
                undone.environment(),
                PromotionKind.ROLLBACK,
                PromotionOrigin.MANUAL,
                actor,
                Optional.of(why),
                Optional.of(undone.id()),
                entries),
            now());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", undone.environment().value());
    details.put("kind", PromotionKind.ROLLBACK.name());
    details.put("reverts", undone.id());
    details.put("reason", why);
    if (!exceptions.isEmpty()) {
      details.put("exceptions", List.copyOf(exceptions));
    }
    audit.append(handle, actor, "promotion.requested", "promotion:" + id, details);
    promotions.appendStep(
        handle,
        id,
        now(),
        StepSeverity.INFO,
        "Rollback of promotion " + undone.id() + " requested by " + actor + ": " + why);
    for (String exception : exceptions) {
      promotions.appendStep(handle, id, now(), StepSeverity.WARNING, exception);
    }
    for (PromotionBuild build : undone.builds()) {
      if (build.build().isPresent()) {
        reject(
            handle,
            undone.environment(),
            build.build().get(),
            undone.id(),
            "rolled back by " + actor + ": " + why);
      }
    }
    return id;
  }

  /** Withdraws a promotion that has not started. */
  public Promotion cancel(long id, Actor actor, Optional<String> reason) {
    promotions
        .jdbi()
        .useTransaction(
            handle ->
                stateMachine.cancel(
                    handle,
                    promotions.getPromotion(handle, id),
                    actor,
                    reason.orElse("cancelled by hand")));
    wakeScheduler.run();
    return promotions.getPromotion(id);
  }

  /** Marks a build as never to be promoted automatically into an environment again. */
  void reject(
      Handle handle, EnvironmentName environment, Build build, long promotionId, String reason) {
    if (environments.reject(handle, environment, build, promotionId, reason, now())) {
      audit.append(
          handle,
          Actor.SLIPWAY,
          "build.rejected",
          "build:" + build.ref(),
          Map.of("environment", environment.value(), "promotion", promotionId, "reason", reason));
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
