package dev.slipway;

import static java.util.Objects.requireNonNull;

import dev.slipway.approval.ApprovalGateType;
import dev.slipway.approval.ApprovalRepository;
import dev.slipway.approval.Approvals;
import dev.slipway.audit.AuditLog;
import dev.slipway.build.BuildRegistry;
import dev.slipway.build.BuildRepository;
import dev.slipway.certification.CertificationDecisions;
import dev.slipway.certification.CertificationGateType;
import dev.slipway.certification.CertificationRepository;
import dev.slipway.certification.CertificationRule;
import dev.slipway.certification.Certifications;
import dev.slipway.change.ChangeSets;
import dev.slipway.change.ComponentSources;
import dev.slipway.check.CheckOutcome;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.PluginContext;
import dev.slipway.config.PluginValidator;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.evidence.Evidence;
import dev.slipway.evidence.EvidenceGateType;
import dev.slipway.evidence.EvidenceRepository;
import dev.slipway.evidence.TestedBuild;
import dev.slipway.evidence.report.CaseStatus;
import dev.slipway.evidence.report.TestCaseResult;
import dev.slipway.freeze.FreezeGateType;
import dev.slipway.freeze.FreezeRepository;
import dev.slipway.freeze.Freezes;
import dev.slipway.gate.GateTypes;
import dev.slipway.gate.soak.SoakGateType;
import dev.slipway.gate.soak.VerifiedBuilds;
import dev.slipway.gate.window.WindowGateType;
import dev.slipway.identity.Identities;
import dev.slipway.notes.ReleaseNotes;
import dev.slipway.pending.PendingReport;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionEngine;
import dev.slipway.promotion.VerificationEnd;
import dev.slipway.release.ReleaseRepository;
import dev.slipway.release.ReleaseTrains;
import dev.slipway.release.Releases;
import dev.slipway.status.StatusReport;
import dev.slipway.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A Slipway instance: the configuration, the database and every domain service, wired in one place.
 * Delivery (HTTP, command line) holds one of these and calls its services.
 */
public final class Slipway implements AutoCloseable {
  private final SlipwayConfig config;
  private final Database database;
  private final AuditLog audit;
  private final Identities identities;
  private final BuildRepository builds;
  private final BuildRegistry registry;
  private final EnvironmentRepository environments;
  private final PromotionEngine engine;
  private final Evidence evidence;
  private final ComponentSources sources;
  private final ChangeSets changes;
  private final Freezes freezes;
  private final Approvals approvals;
  private final Releases releases;
  private final Certifications certifications;
  private final CertificationDecisions certificationDecisions;
  private final ReleaseTrains trains;
  private final PendingReport pending;
  private final ReleaseNotes notes;
  private final Clock clock;

  private Slipway(SlipwayConfig config, Database database, SlipwaySettings settings) {
    this.config = config;
    this.database = database;
    this.clock = settings.clock();
    this.audit = new AuditLog(clock);
    this.identities = new Identities(database.jdbi(), audit, clock);
    this.builds = new BuildRepository(database.jdbi());
    this.environments = new EnvironmentRepository(database.jdbi());
    environments.ensureExists(config.environments().keySet());
    Plugins plugins = Plugins.discover();
    Deployments deployments =
        Deployments.create(
            plugins,
            new PluginContext(config, settings.dataDirectory(), settings.secrets(), clock));
    this.engine =
        new PromotionEngine(
            database.jdbi(),
            config,
            deployments,
            gateTypes(database.jdbi(), clock, this::certifications),
            environments,
            builds,
            audit,
            clock,
            settings.engine());
    this.freezes = new Freezes(new FreezeRepository(database.jdbi()), engine, config, audit, clock);
    this.approvals = new Approvals(new ApprovalRepository(database.jdbi()), engine, audit, clock);
    this.registry =
        new BuildRegistry(database.jdbi(), config, audit, clock, List.of(engine.automatic()));
    this.sources = new ComponentSources(config, settings.dataDirectory(), settings.secrets());
    this.changes = new ChangeSets(config, sources);
    ReleaseRepository releaseRepository = new ReleaseRepository(database.jdbi());
    this.releases =
        new Releases(
            releaseRepository,
            engine.promotions(),
            engine.requests(),
            environments,
            config,
            audit,
            clock);
    engine.addListener(releases);
    this.certifications =
        new Certifications(
            new CertificationRepository(database.jdbi()),
            releaseRepository,
            engine.promotions(),
            environments,
            changes::between,
            config.releases(),
            config.roles(),
            audit,
            clock,
            this.engine::gatesChanged);
    this.trains = new ReleaseTrains(releases, config, clock);
    this.certificationDecisions =
        new CertificationDecisions(
            certifications,
            releases,
            CertificationRule.of(config, new ApprovalRepository(database.jdbi())));
    this.pending =
        new PendingReport(
            releases,
            certifications,
            certificationDecisions,
            engine.promotions(),
            engine.gateDecisions(),
            config,
            clock);
    this.notes = new ReleaseNotes(releases, certificationDecisions, engine.gateDecisions(), config);
    this.evidence =
        new Evidence(new EvidenceRepository(database.jdbi()), builds, config, audit, clock);
    // A stored run may release promotions waiting on evidence in the environments it feeds.
    evidence.addListener(
        run ->
            config
                .downstreamOf(run.environment())
                .forEach(downstream -> engine.gatesChanged(downstream.name())));
    // The outcome of a promotion's checks is evidence for the builds it deployed, stored with the
    // promotion's end.
    engine.addVerificationListener((handle, end) -> recordChecks(evidence, handle, end));
  }

  private static void recordChecks(Evidence evidence, Handle handle, VerificationEnd end) {
    Promotion promotion = end.promotion();
    List<TestedBuild> tested =
        promotion.builds().stream()
            .map(
                build -> new TestedBuild(build.component(), build.build(), build.expectedVersion()))
            .toList();
    List<TestCaseResult> cases =
        end.checks().stream()
            .map(
                check ->
                    new TestCaseResult(
                        check.component().value(),
                        check.description(),
                        check.description(),
                        check.lastOutcome().filter(CheckOutcome.PASSED::equals).isPresent()
                            ? CaseStatus.PASSED
                            : CaseStatus.FAILED,
                        Optional.empty(),
                        check.lastDetail(),
                        Optional.empty(),
                        false))
            .toList();
    evidence.recordChecks(handle, promotion.id(), promotion.environment(), tested, cases);
  }

  /**
   * Loads and validates the configuration, opens (and migrates) the database and wires the
   * services. Nothing runs until {@link #start()}.
   */
  public static Slipway open(SlipwaySettings settings) {
    requireNonNull(settings, "settings is null");
    try {
      Files.createDirectories(settings.dataDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the data directory " + settings.dataDirectory(), e);
    }
    SlipwayConfig config = loadConfig(settings);
    Database database = Database.open(settings.database());
    try {
      return new Slipway(config, database, settings);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Reads and validates {@code slipway.yaml} with every target, check and gate type available.
   * Needs no database: gates are made to check their settings, never asked anything.
   */
  public static SlipwayConfig loadConfig(SlipwaySettings settings) {
    return new ConfigLoader(
            validator(settings.dataDirectory(), settings.secrets(), settings.clock()))
        .load(settings.configFile());
  }

  /**
   * Checks every target, check and gate entry of a configuration by making it with its type, as the
   * server will; what {@code slipway config validate} uses. Needs no database.
   */
  public static PluginValidator validator(Path dataDirectory, Secrets secrets, Clock clock) {
    PluginValidator deployment = Plugins.discover().validator(dataDirectory, secrets, clock);
    PluginValidator gates =
        gateTypes(
                Database.detached(),
                clock,
                () -> {
                  throw new IllegalStateException(
                      "gates made to check a configuration answer no question");
                })
            .validator(clock);
    return (kind, plugin, config) -> {
      switch (kind) {
        case TARGET, CHECK, STEP -> deployment.validate(kind, plugin, config);
        case GATE -> gates.validate(kind, plugin, config);
      }
    };
  }

  /**
   * Every gate type, each on the records it reads. This is where a new kind of gate is registered.
   *
   * @param jdbi where gates read their records; a {@linkplain Database#detached() detached} one
   *     when only checking a configuration
   * @param certifications what the certification gate reads, asked for only when a gate decides
   *     (never when only checking a configuration)
   */
  public static GateTypes gateTypes(
      Jdbi jdbi, Clock clock, Supplier<Certifications> certifications) {
    requireNonNull(jdbi, "jdbi is null");
    requireNonNull(clock, "clock is null");
    return new GateTypes(
        List.of(
            new SoakGateType(new VerifiedBuilds(jdbi)),
            new WindowGateType(),
            new FreezeGateType(new FreezeRepository(jdbi)),
            new ApprovalGateType(new ApprovalRepository(jdbi)),
            new CertificationGateType(certifications, new ApprovalRepository(jdbi)),
            new EvidenceGateType(new EvidenceRepository(jdbi), new EnvironmentRepository(jdbi))));
  }

  /** Starts running promotions, picking up any that a previous run left unfinished. */
  public void start() {
    engine.scheduler().start();
    engine.scheduler().wake();
    trains.start();
    evidence.start();
  }

  public SlipwayConfig config() {
    return config;
  }

  public Database database() {
    return database;
  }

  public AuditLog audit() {
    return audit;
  }

  public Identities identities() {
    return identities;
  }

  public BuildRepository builds() {
    return builds;
  }

  public BuildRegistry registry() {
    return registry;
  }

  public EnvironmentRepository environments() {
    return environments;
  }

  public PromotionEngine engine() {
    return engine;
  }

  /** Cutting, promoting and reading releases. */
  public Releases releases() {
    return releases;
  }

  /** Owners' certifications and holds, and reviews of what releases bring. */
  public Certifications certifications() {
    return certifications;
  }

  /** What the certification gate answers for a release, approvals of a downgrade included. */
  public CertificationDecisions certificationDecisions() {
    return certificationDecisions;
  }

  /** The release trains of the environments that have one. */
  public ReleaseTrains trains() {
    return trains;
  }

  /** What waits in each environment, and on whom. */
  public PendingReport pending() {
    return pending;
  }

  /** Release notes in Markdown. */
  public ReleaseNotes notes() {
    return notes;
  }

  /** Test runs uploaded as evidence, and their reports. */
  public Evidence evidence() {
    return evidence;
  }

  /** Change sets: the commits between the build running in an environment and another build. */
  public ChangeSets changes() {
    return changes;
  }

  /** Freezes declared at run time, and overrides of freezes. */
  public Freezes freezes() {
    return freezes;
  }

  /** Approvals of promotions. */
  public Approvals approvals() {
    return approvals;
  }

  public StatusReport status() {
    return new StatusReport(config, environments, engine.promotions());
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    try {
      trains.close();
      evidence.close();
      engine.close();
    } finally {
      try {
        sources.close();
      } finally {
        database.close();
      }
    }
  }
}
