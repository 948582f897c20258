package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.config.StepConfig;
import dev.slipway.config.StepFailure;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.RunningBuild;
import dev.slipway.error.SlipwayException;
import dev.slipway.process.CommandResult;
import dev.slipway.process.CommandRun;
import dev.slipway.process.CommandSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs an environment's steps around a deploy of new builds: the before-steps ahead of writing
 * anything, the after-steps once the checks report the new versions. Each finished step is recorded
 * in the database before the next starts, so a server resuming the promotion skips it; a step cut
 * short by a stop runs again, which is why steps, like command targets, must be idempotent.
 */
final class StepRunner {
  /** Whether a step runs before or after the deploy. */
  enum Stage {
    BEFORE,
    AFTER;

    String word() {
      return this == BEFORE ? "before" : "after";
    }
  }

  /** A finished step as recorded. */
  record Finished(boolean succeeded, String detail) {}

  private final PromotionRepository promotions;
  private final EnvironmentRepository environments;
  private final SlipwayConfig config;
  private final Clock clock;
  private final LeaseGuard lease;
  private final Map<StepConfig, CommandSettings> settings = new HashMap<>();

  StepRunner(
      PromotionRepository promotions,
      EnvironmentRepository environments,
      SlipwayConfig config,
      Clock clock,
      LeaseGuard lease) {
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.lease = requireNonNull(lease, "lease is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
    for (EnvironmentConfig environment : config.environments().values()) {
      for (StepConfig step : environment.beforeSteps()) {
        settings.put(step, Plugins.stepSettings(step.command(), config));
      }
      for (StepConfig step : environment.afterSteps()) {
        settings.put(step, Plugins.stepSettings(step.command(), config));
      }
    }
  }

  /**
   * Runs the before-steps not yet finished, in order.
   *
   * @throws SlipwayException a terminal error naming the step when one fails: nothing has been
   *     written, and the promotion ends errored
   */
  void runBefore(Promotion promotion) {
    List<StepConfig> steps = environment(promotion.environment()).beforeSteps();
    for (int index = 0; index < steps.size(); index++) {
      StepConfig step = steps.get(index);
      Finished finished = run(promotion, Stage.BEFORE, index, step);
      if (!finished.succeeded()) {
        throw SlipwayException.externalTerminal(
            "step before the deploy '"
                + step.name()
                + "' failed, so nothing was deployed: "
                + finished.detail(),
            null);
      }
    }
  }

  /**
   * Runs the after-steps not yet finished, in order, and says why the promotion must roll back: a
   * failed step whose {@code onFailure} is {@code rollback}. A failed step that only reports is
   * written to the step log and the next one runs.
   */
  Optional<String> runAfter(Promotion promotion) {
    List<StepConfig> steps = environment(promotion.environment()).afterSteps();
    for (int index = 0; index < steps.size(); index++) {
      StepConfig step = steps.get(index);
      Finished finished = run(promotion, Stage.AFTER, index, step);
      if (!finished.succeeded() && step.onFailure() == StepFailure.ROLLBACK) {
        return Optional.of(
            "step after the deploy '" + step.name() + "' failed: " + finished.detail());
      }
    }
    return Optional.empty();
  }

  private Finished run(Promotion promotion, Stage stage, int index, StepConfig step) {
    Optional<Finished> earlier = findFinished(promotion.id(), stage, index);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    CommandSettings command = settings.get(step);
    String label = "Step " + stage.word() + " the deploy '" + step.name() + "'";
    note(promotion, StepSeverity.INFO, label + " started: " + command.describe());
    CommandResult result =
        new CommandRun(command)
            .run(
                variables(promotion, stage, step),
                line -> note(promotion, StepSeverity.INFO, step.name() + ": " + line));
    if (result.dropped() > 0) {
      note(
          promotion,
          StepSeverity.INFO,
          step.name() + ": " + result.dropped() + " more output lines were not kept in this log");
    }
    Finished finished =
        new Finished(
            result.succeeded(),
            result.succeeded()
                ? "finished in " + result.took().toSeconds() + "s"
                : result.describe(command.timeout()));
    Instant now = now();
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              lease.confirm(handle, promotion.id());
              handle
                  .createUpdate(
                      "INSERT INTO deploy_step_runs (promotion_id, stage, step_index, name,"
                          + " succeeded, detail, finished_at) VALUES (:id, :stage, :index, :name,"
                          + " :succeeded, :detail, :at)")
                  .bind("id", promotion.id())
                  .bind("stage", stage.name())
                  .bind("index", index)
                  .bind("name", step.name())
                  .bind("succeeded", finished.succeeded())
                  .bind("detail", finished.detail())
                  .bind("at", now)
                  .execute();
              promotions.appendStep(
                  handle,
                  promotion.id(),
                  now,
                  finished.succeeded() ? StepSeverity.INFO : StepSeverity.WARNING,
                  label + (finished.succeeded() ? " " : " failed: ") + finished.detail());
            });
    return finished;
  }

  private Optional<Finished> findFinished(long promotionId, Stage stage, int index) {
    return promotions
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT succeeded, detail FROM deploy_step_runs WHERE promotion_id = :id"
                            + " AND stage = :stage AND step_index = :index")
                    .bind("id", promotionId)
                    .bind("stage", stage.name())
                    .bind("index", index)
                    .map(
                        (rows, context) ->
                            new Finished(rows.getBoolean("succeeded"), rows.getString("detail")))
                    .findOne());
  }

  /**
   * What a step is told: the environment, the promotion and its builds; for a promotion of one
   * component also the variables a command target gets.
   */
  private Map<String, String> variables(Promotion promotion, Stage stage, StepConfig step) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("SLIPWAY_ENVIRONMENT", promotion.environment().value());
    variables.put("SLIPWAY_PROMOTION", Long.toString(promotion.id()));
    variables.put("SLIPWAY_OPERATION", DeployStep.operationId(promotion, "deploy", 1));
    variables.put("SLIPWAY_ACTION", "deploy");
    variables.put("SLIPWAY_STEP", step.name());
    variables.put("SLIPWAY_STEP_STAGE", stage.word());
    variables.put(
        "SLIPWAY_BUILDS",
        promotion.builds().stream()
            .map(build -> build.component() + "@" + build.expectedVersion())
            .collect(Collectors.joining(" ")));
    if (promotion.builds().size() == 1) {
      PromotionBuild only = promotion.builds().get(0);
      variables.put("SLIPWAY_COMPONENT", only.component().value());
      variables.put("SLIPWAY_COMMIT", only.expectedVersion());
      variables.put(
          "SLIPWAY_SHORT_COMMIT",
          only.expectedVersion()
              .substring(0, Math.min(CommitSha.SHORT_LENGTH, only.expectedVersion().length())));
      only.build().flatMap(Build::image).ifPresent(image -> variables.put("SLIPWAY_IMAGE", image));
      previous(promotion, stage, only)
          .ifPresent(previous -> variables.put("SLIPWAY_PREVIOUS_COMMIT", previous));
    }
    return variables;
  }

  /** Before the deploy what runs now; after it, what the deploy recorded as replaced. */
  private Optional<String> previous(Promotion promotion, Stage stage, PromotionBuild build) {
    if (stage == Stage.AFTER) {
      return build.versionToRestore();
    }
    Optional<RunningBuild> running =
        promotions
            .jdbi()
            .withHandle(
                handle ->
                    environments.findRunning(handle, promotion.environment(), build.component()));
    return running
        .flatMap(RunningBuild::build)
        .map(b -> b.commit().value())
        .or(() -> running.map(RunningBuild::version));
  }

  private EnvironmentConfig environment(EnvironmentName name) {
    return config.getEnvironment(name);
  }

  private void note(Promotion promotion, StepSeverity severity, String message) {
    promotions
        .jdbi()
        .useHandle(
            handle -> promotions.appendStep(handle, promotion.id(), now(), severity, message));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
