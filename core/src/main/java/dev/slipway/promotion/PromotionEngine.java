package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.build.BuildRepository;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import dev.slipway.environment.EnvironmentRepository;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;

/** The promotion engine's parts, wired together. */
public final class PromotionEngine implements AutoCloseable {
  private final PromotionRepository promotions;
  private final PromotionRequests requests;
  private final AutomaticPromotions automatic;
  private final PromotionScheduler scheduler;
  private final List<PromotionListener> listeners = new CopyOnWriteArrayList<>();

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
    DeployStep deploy =
        new DeployStep(promotions, verification, environments, stateMachine, deployments, clock);
    VerifyStep verify =
        new VerifyStep(
            promotions,
            verification,
            stateMachine,
            automatic,
            requests,
            deployments,
            config,
            clock,
            listeners);
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

  /** Adds a listener told of every deploy promotion that succeeds. */
  public void addListener(PromotionListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  public PromotionScheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
