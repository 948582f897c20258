package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.build.BuildRepository;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateTypes;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;

/** The promotion engine's parts, wired together. */
public final class PromotionEngine implements AutoCloseable {
  private final PromotionRepository promotions;
  private final PromotionGateRepository gateDecisions;
  private final GateKeeper gates;
  private final Wakeup wakeup;
  private final PromotionRequests requests;
  private final AutomaticPromotions automatic;
  private final PromotionScheduler scheduler;
  private final List<PromotionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<VerificationListener> verificationListeners = new CopyOnWriteArrayList<>();

  public PromotionEngine(
      Jdbi jdbi,
      SlipwayConfig config,
      Deployments deployments,
      EnvironmentRepository environments,
      BuildRepository builds,
      AuditLog audit,
      Clock clock,
      EngineSettings settings) {
    this(
        jdbi,
        config,
        deployments,
        new GateTypes(List.of()),
        environments,
        builds,
        audit,
        clock,
        settings);
  }

  /**
   * @param gateTypes the gate types the configuration's gates are made with
   */
  public PromotionEngine(
      Jdbi jdbi,
      SlipwayConfig config,
      Deployments deployments,
      GateTypes gateTypes,
      EnvironmentRepository environments,
      BuildRepository builds,
      AuditLog audit,
      Clock clock,
      EngineSettings settings) {
    this.wakeup = new Wakeup();
    this.promotions = new PromotionRepository(jdbi);
    this.gateDecisions = new PromotionGateRepository(jdbi);
    this.gates =
        new GateKeeper(
            config, GateKeeper.create(config, gateTypes, clock), promotions, gateDecisions, clock);
    VerificationRepository verification = new VerificationRepository();
    PromotionStateMachine stateMachine =
        new PromotionStateMachine(promotions, environments, audit, clock);
    this.requests =
        new PromotionRequests(
            promotions,
            environments,
            builds,
            stateMachine,
            config,
            audit,
            clock,
            wakeup::signal,
            gates::gatesOf);
    this.automatic = new AutomaticPromotions(config, environments, requests);
    LeaseGuard lease = new LeaseGuard(promotions, settings.instanceId());
    StepRunner steps = new StepRunner(promotions, environments, config, clock, lease);
    DeployStep deploy =
        new DeployStep(
            promotions, verification, environments, stateMachine, deployments, steps, clock, lease);
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
            clock,
            lease,
            listeners,
            verificationListeners);
    PromotionReconciler reconciler =
        new PromotionReconciler(
            promotions, stateMachine, deploy, verify, clock, lease, settings.maxStepErrors());
    this.scheduler =
        new PromotionScheduler(
            promotions,
            new PromotionStarter(promotions, environments, stateMachine, gates, clock),
            reconciler,
            wakeup,
            clock,
            settings);
  }

  public PromotionRepository promotions() {
    return promotions;
  }

  /** The latest gate decisions of waiting promotions. */
  public PromotionGateRepository gateDecisions() {
    return gateDecisions;
  }

  /** The gates of an environment, in configuration order. */
  public List<Gate> gatesOf(EnvironmentName environment) {
    return gates.gatesOf(environment);
  }

  /**
   * Says that something that may change a gate's answer in an environment happened (an approval, a
   * freeze lifted, a certification, a test run): a promotion held there is asked about again at
   * once, and starts if every gate now passes. Call it once the event is committed.
   */
  public void gatesChanged(EnvironmentName environment) {
    gates.changed(environment);
    wakeup.signal();
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

  /** Adds a listener told when a deploy promotion's verification passes or fails. */
  public void addVerificationListener(VerificationListener listener) {
    verificationListeners.add(requireNonNull(listener, "listener is null"));
  }

  public PromotionScheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
