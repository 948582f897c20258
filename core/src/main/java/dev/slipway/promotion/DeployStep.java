package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.component.ComponentName;
import dev.slipway.deployment.Deployments;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.RunningBuild;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployAction;
import dev.slipway.target.DeployLog;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Deployer;
import dev.slipway.target.Target;
import dev.slipway.target.TargetChange;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Writes versions to targets: the new builds when a promotion deploys, the previous values when it
 * rolls back. Changes that share a deployer go out in one operation (one commit per manifests
 * repository). If a later operation of a deploy fails for good, the earlier ones are undone so the
 * environment is not left half changed. A restore of previous versions (a revert, a rollback) keeps
 * what it restored instead: undoing it would put back the versions being taken away.
 */
final class DeployStep {
  /** What one or more operations wrote, and the first record they left (a commit id). */
  private record Applied(List<AppliedTarget> targets, Optional<String> reference) {}

  private final PromotionRepository promotions;
  private final VerificationRepository verification;
  private final EnvironmentRepository environments;
  private final PromotionStateMachine stateMachine;
  private final Deployments deployments;
  private final StepRunner steps;
  private final Clock clock;
  private final LeaseGuard lease;

  DeployStep(
      PromotionRepository promotions,
      VerificationRepository verification,
      EnvironmentRepository environments,
      PromotionStateMachine stateMachine,
      Deployments deployments,
      StepRunner steps,
      Clock clock,
      LeaseGuard lease) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.verification = requireNonNull(verification, "verification is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.stateMachine = requireNonNull(stateMachine, "stateMachine is null");
    this.deployments = requireNonNull(deployments, "deployments is null");
    this.steps = requireNonNull(steps, "steps is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.lease = requireNonNull(lease, "lease is null");
  }

  /**
   * Deploys a promotion in phase DEPLOYING and moves it on to ROLLING_OUT.
   *
   * @param lastAttempt whether a failure now ends the promotion, so that anything already applied
   *     must be undone first
   */
  void deploy(Promotion promotion, boolean lastAttempt) {
    if (promotion.kind() == PromotionKind.DEPLOY) {
      steps.runBefore(promotion);
    }
    List<PlannedChange> planned =
        switch (promotion.kind()) {
          case DEPLOY -> planNewBuilds(promotion);
          case ROLLBACK -> planRestore(promotion, undoneTargets(promotion));
        };
    DeployMessage message = DeployMessage.forDeploy(promotion, undone(promotion));
    Applied applied =
        applyAll(promotion, planned, "deploy", message.subject(), message.body(), lastAttempt);
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              verification.insertTargets(handle, promotion.id(), applied.targets());
              recordRunning(handle, promotion, applied.targets());
              promotions.setDeployReference(handle, promotion.id(), applied.reference());
              stateMachine.markDeployed(handle, promotion, applied.reference());
            });
  }

  /** Writes back the values a failed promotion replaced; the promotion stays ROLLING_BACK. */
  void restore(Promotion promotion, boolean lastAttempt) {
    List<AppliedTarget> written =
        promotions.jdbi().withHandle(handle -> verification.listTargets(handle, promotion.id()));
    List<PlannedChange> planned = planRestore(promotion, written);
    DeployMessage message = DeployMessage.forRevert(promotion);
    Applied restored =
        planned.isEmpty()
            ? new Applied(List.of(), Optional.empty())
            : applyAll(
                promotion, planned, "revert", message.subject(), message.body(), lastAttempt);
    Instant now = now();
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              Optional<String> reference = restored.reference();
              promotions.setRestored(handle, promotion.id(), reference, now);
              for (PromotionBuild build : promotion.builds()) {
                Optional<String> version = build.versionToRestore();
                if (version.isPresent()) {
                  environments.setRunning(
                      handle,
                      promotion.environment(),
                      build.component(),
                      build.previousBuild(),
                      version.get(),
                      now,
                      promotion.id(),
                      Actor.SLIPWAY);
                }
              }
              verification.resetChecks(handle, promotion.id());
              promotions.setNextRun(handle, promotion.id(), now);
              promotions.appendStep(
                  handle,
                  promotion.id(),
                  now,
                  StepSeverity.WARNING,
                  reference
                      .map(ref -> "Reverted in " + ref + "; waiting for the previous versions")
                      .orElse("Previous values restored; waiting for the previous versions"));
            });
  }

  private List<PlannedChange> planNewBuilds(Promotion promotion) {
    List<PlannedChange> planned = new ArrayList<>();
    for (PromotionBuild entry : promotion.builds()) {
      Build build =
          entry
              .build()
              .orElseThrow(
                  () ->
                      SlipwayException.internal(
                          "promotion " + promotion.id() + " has no build for " + entry.component(),
                          null));
      List<Target> targets = deployments.get(promotion.environment(), entry.component()).targets();
      Optional<String> replacing = runningVersion(promotion, entry);
      for (int index = 0; index < targets.size(); index++) {
        Target target = targets.get(index);
        planned.add(
            new PlannedChange(
                index,
                new TargetChange(
                    entry.component(),
                    target,
                    target.valueFor(build),
                    Optional.of(build),
                    replacing)));
      }
    }
    return planned;
  }

  private List<PlannedChange> planRestore(Promotion promotion, List<AppliedTarget> written) {
    List<PlannedChange> planned = new ArrayList<>();
    for (AppliedTarget target : written) {
      if (target.previousValue().isEmpty()) {
        continue;
      }
      List<Target> targets = deployments.get(promotion.environment(), target.component()).targets();
      if (target.index() >= targets.size()
          || !targets.get(target.index()).description().equals(target.description())) {
        throw new SlipwayException(
            dev.slipway.error.ErrorCategory.CONFLICT,
            "the targets of "
                + target.component()
                + " in "
                + promotion.environment()
                + " changed in the configuration since "
                + target.description()
                + " was written; restore "
                + target.previousValue().get()
                + " there by hand",
            null,
            true,
            null);
      }
      planned.add(
          new PlannedChange(
              target.index(),
              new TargetChange(
                  target.component(),
                  targets.get(target.index()),
                  target.previousValue().get(),
                  restoredBuild(promotion, target.component()),
                  Optional.of(target.newValue()))));
    }
    return planned;
  }

  /** What Slipway knows runs for a component before this deploy: the commit, else the value. */
  private Optional<String> runningVersion(Promotion promotion, PromotionBuild entry) {
    Optional<RunningBuild> running =
        promotions
            .jdbi()
            .withHandle(
                handle ->
                    environments.findRunning(handle, promotion.environment(), entry.component()));
    return running
        .flatMap(RunningBuild::build)
        .map(build -> build.commit().value())
        .or(() -> running.map(RunningBuild::version));
  }

  /**
   * The registered build whose value a restore writes back: for a deploy being undone the build
   * that ran before it; for a rollback promotion the build it puts back.
   */
  private static Optional<Build> restoredBuild(Promotion promotion, ComponentName component) {
    return promotion.builds().stream()
        .filter(entry -> entry.component().equals(component))
        .findFirst()
        .flatMap(
            entry ->
                switch (promotion.kind()) {
                  case DEPLOY -> entry.previousBuild();
                  case ROLLBACK -> entry.build();
                });
  }

  private List<AppliedTarget> undoneTargets(Promotion promotion) {
    long undone =
        promotion
            .revertsPromotion()
            .orElseThrow(
                () ->
                    SlipwayException.internal(
                        "rollback " + promotion.id() + " names no promotion to undo", null));
    return promotions.jdbi().withHandle(handle -> verification.listTargets(handle, undone));
  }

  private Optional<Promotion> undone(Promotion promotion) {
    return promotion.revertsPromotion().flatMap(promotions::findPromotion);
  }

  /**
   * Applies the changes, one operation per deployer, in the order the targets first appear. On a
   * failure that ends a deploy of new builds, undoes the operations that went through.
   */
  private Applied applyAll(
      Promotion promotion,
      List<PlannedChange> planned,
      String purpose,
      String subject,
      String body,
      boolean lastAttempt) {
    Map<Deployer, List<PlannedChange>> groups = new LinkedHashMap<>();
    for (PlannedChange change : planned) {
      groups
          .computeIfAbsent(change.change().target().deployer(), d -> new ArrayList<>())
          .add(change);
    }
    List<AppliedTarget> applied = new ArrayList<>();
    Optional<String> reference = Optional.empty();
    List<List<AppliedTarget>> done = new ArrayList<>();
    int group = 0;
    for (Map.Entry<Deployer, List<PlannedChange>> entry : groups.entrySet()) {
      group++;
      String id = operationId(promotion, purpose, group);
      try {
        DeployAction action =
            promotion.kind() == PromotionKind.DEPLOY && purpose.equals("deploy")
                ? DeployAction.DEPLOY
                : DeployAction.RESTORE;
        Applied result =
            apply(promotion, entry.getKey(), entry.getValue(), id, subject, body, action);
        applied.addAll(result.targets());
        reference = reference.or(result::reference);
        done.add(result.targets());
      } catch (RuntimeException e) {
        boolean ends = lastAttempt || (e instanceof SlipwayException s && s.isTerminal());
        boolean restoring = promotion.kind() == PromotionKind.ROLLBACK || purpose.equals("revert");
        if (ends && !restoring && !done.isEmpty()) {
          undo(promotion, done, purpose);
        }
        throw e;
      }
    }
    return new Applied(applied, reference);
  }

  private Applied apply(
      Promotion promotion,
      Deployer deployer,
      List<PlannedChange> changes,
      String operationId,
      String subject,
      String body,
      DeployAction action) {
    AppliedOperation result =
        deployer.apply(
            new DeployOperation(
                operationId,
                subject,
                body,
                changes.stream().map(PlannedChange::change).toList(),
                log(promotion),
                Optional.of(promotion.environment()),
                action));
    List<AppliedTarget> applied = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      PlannedChange planned = changes.get(i);
      AppliedChange change = result.changes().get(i);
      applied.add(
          new AppliedTarget(
              planned.change().component(),
              planned.index(),
              planned.change().target().description(),
              planned.change().value(),
              change.previousValue()));
    }
    String where = result.reference().map(ref -> " in " + ref).orElse(" (values already set)");
    note(
        promotion,
        StepSeverity.INFO,
        (result.resumed() ? "Found the earlier " : "Applied ") + operationId + where);
    return new Applied(applied, result.reference());
  }

  private void undo(Promotion promotion, List<List<AppliedTarget>> done, String purpose) {
    int group = 0;
    for (List<AppliedTarget> targets : done) {
      group++;
      try {
        List<PlannedChange> restore = planRestore(promotion, targets);
        if (!restore.isEmpty()) {
          Deployer deployer = restore.get(0).change().target().deployer();
          apply(
              promotion,
              deployer,
              restore,
              operationId(promotion, purpose + "-undo", group),
              "Undo partial deploy of promotion "
                  + promotion.id()
                  + " to "
                  + promotion.environment(),
              "A later target of promotion "
                  + promotion.id()
                  + " failed; restoring the values it replaced.",
              DeployAction.RESTORE);
        }
      } catch (RuntimeException e) {
        note(
            promotion,
            StepSeverity.ERROR,
            "Could not undo "
                + operationId(promotion, purpose, group)
                + ": "
                + e.getMessage()
                + "; restore it by hand");
      }
    }
  }

  private void recordRunning(Handle handle, Promotion promotion, List<AppliedTarget> applied) {
    Instant now = now();
    for (PromotionBuild entry : promotion.builds()) {
      if (promotion.kind() == PromotionKind.DEPLOY) {
        Optional<RunningBuild> before =
            environments.findRunning(handle, promotion.environment(), entry.component());
        Optional<String> previousValue =
            applied.stream()
                .filter(target -> target.component().equals(entry.component()))
                .findFirst()
                .flatMap(AppliedTarget::previousValue);
        promotions.setPreviousBuild(
            handle,
            promotion.id(),
            entry.component(),
            before.flatMap(RunningBuild::build).map(Build::id),
            previousValue.or(() -> before.map(RunningBuild::version)));
      }
      environments.setRunning(
          handle,
          promotion.environment(),
          entry.component(),
          entry.build(),
          entry.expectedVersion(),
          now,
          promotion.id(),
          promotion.requestedBy());
    }
  }

  private DeployLog log(Promotion promotion) {
    return message -> note(promotion, StepSeverity.INFO, message);
  }

  /** Writes a step-log line at once, so slow work shows progress while it runs. */
  private void note(Promotion promotion, StepSeverity severity, String message) {
    promotions
        .jdbi()
        .useHandle(
            handle -> promotions.appendStep(handle, promotion.id(), now(), severity, message));
  }

  /**
   * {@code promotion-12.1772460000000-deploy}: the deployer takes a commit carrying this id for one
   * it already made. The promotion's creation time is part of it because promotion numbers are only
   * unique within one database: a new database (a move from H2 to PostgreSQL, a rebuilt server)
   * numbers from 1 again, and its promotion 1 must not take the commit of an earlier promotion 1 in
   * the same manifests repository for its own.
   */
  static String operationId(Promotion promotion, String purpose, int group) {
    return "promotion-"
        + promotion.id()
        + "."
        + promotion.createdAt().toEpochMilli()
        + "-"
        + purpose
        + (group == 1 ? "" : "-" + group);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
