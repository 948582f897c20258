package dev.slipway.promotion;

import dev.slipway.audit.AuditLog;
import dev.slipway.build.BuildRepository;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import dev.slipway.environment.EnvironmentRepository;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The promotion engine's parts, wired together. */
public final class PromotionEngine implements AutoCloseable {
  private final PromotionRepository promotions;
  private final PromotionRequests requests;
  private final AutomaticPromotions automatic;
  private final PromotionScheduler scheduler;

  public PromotionEngine(
      Jdbi jdbi,
      SlipwayConfig config,
      Deployments deployments,
      EnvironmentRepository environments,
      BuildRepository builds,
      AuditLog audit,
      Clock clock,
      EngineSettings settings) {
    Wakeup wakeup = new Wakeup();
    this.promotions = new PromotionRepository(jdbi);
    VerificationRepository verification = new VerificationRepository();
    PromotionStateMachine stateMachine =
        new PromotionStateMachine(promotions, environments, audit, clock);
    this.requests =
        new PromotionRequests(
            promotions, environments, builds, stateMachine, config, audit, clock, wakeup::signal);
    this.automatic = new AutomaticPromotions(config, environments, requests);
    StepRunner steps = new StepRunner(promotions, environments, config, clock);
    DeployStep deploy =
        new DeployStep(
            promotions, verification, environments, stateMachine, deployments, steps, clock);
    VerifyStep verify =
        new VerifyStep(
            promotions,
            verification,
            stateMachine,
            automatic,
            requests,
            deployments,
            config,
            steps,
            clock);
    PromotionReconciler reconciler =
        new PromotionReconciler(
            promotions, stateMachine, deploy, verify, clock, settings.maxStepErrors());
    this.scheduler =
        new PromotionScheduler(
            promotions,
            new PromotionStarter(promotions, environments, stateMachine, clock),
            reconciler,
            wakeup,
            clock,
            settings);
  }

  public PromotionRepository promotions() {
    return promotions;
  }

  public PromotionRequests requests() {
    return requests;
  }

  /** The automatic policy, to be told of registered builds. */
  public AutomaticPromotions automatic() {
    return automatic;
  }

  public PromotionScheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
