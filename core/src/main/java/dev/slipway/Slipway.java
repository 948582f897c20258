package dev.slipway;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.build.BuildRegistry;
import dev.slipway.build.BuildRepository;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.evidence.Evidence;
import dev.slipway.evidence.EvidenceRepository;
import dev.slipway.evidence.ReportFormats;
import dev.slipway.identity.Identities;
import dev.slipway.promotion.PromotionEngine;
import dev.slipway.status.StatusReport;
import dev.slipway.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

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
            environments,
            builds,
            audit,
            clock,
            settings.engine());
    this.registry =
        new BuildRegistry(database.jdbi(), config, audit, clock, List.of(engine.automatic()));
    this.evidence =
        new Evidence(
            new EvidenceRepository(database.jdbi()),
            builds,
            config,
            ReportFormats.discover(),
            audit,
            clock);
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

  /** Reads and validates {@code slipway.yaml} with every target and check type available. */
  public static SlipwayConfig loadConfig(SlipwaySettings settings) {
    return new ConfigLoader(
            Plugins.discover()
                .validator(settings.dataDirectory(), settings.secrets(), settings.clock()))
        .load(settings.configFile());
  }

  /** Starts running promotions, picking up any that a previous run left unfinished. */
  public void start() {
    engine.scheduler().start();
    engine.scheduler().wake();
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

  public Evidence evidence() {
    return evidence;
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
      evidence.close();
      engine.close();
    } finally {
      database.close();
    }
  }
}
