package dev.slipway.status;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.RunningBuild;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Assembles the status of every environment, in the order builds flow through them. */
public final class StatusReport {
  private final SlipwayConfig config;
  private final EnvironmentRepository environments;
  private final PromotionRepository promotions;

  public StatusReport(
      SlipwayConfig config, EnvironmentRepository environments, PromotionRepository promotions) {
    this.config = requireNonNull(config, "config is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.promotions = requireNonNull(promotions, "promotions is null");
  }

  public List<EnvironmentStatus> environments() {
    Map<String, RunningBuild> running = new HashMap<>();
    for (RunningBuild build : environments.listRunning()) {
      running.put(build.environment() + "/" + build.component(), build);
    }
    List<Promotion> unfinished = promotions.listUnfinished();
    List<EnvironmentStatus> result = new ArrayList<>();
    for (EnvironmentConfig environment : flowOrder()) {
      List<ComponentStatus> components = new ArrayList<>();
      environment.components().keySet().stream()
          .sorted()
          .forEach(
              component ->
                  components.add(
                      new ComponentStatus(
                          component,
                          Optional.ofNullable(running.get(environment.name() + "/" + component)))));
      List<Promotion> here =
          unfinished.stream()
              .filter(promotion -> promotion.environment().equals(environment.name()))
              .sorted(Comparator.comparingLong(Promotion::id))
              .toList();
      result.add(
          new EnvironmentStatus(
              environment.name(),
              environment.upstream(),
              environment.policy(),
              here.stream().filter(promotion -> promotion.phase().isActive()).findFirst(),
              here.stream()
                  .filter(promotion -> promotion.phase() == PromotionPhase.PENDING)
                  .toList(),
              components));
    }
    return result;
  }

  /** Environments without upstream first, then each after its upstream; ties by name. */
  private List<EnvironmentConfig> flowOrder() {
    Map<EnvironmentName, Integer> depth = new HashMap<>();
    for (EnvironmentConfig environment : config.environments().values()) {
      depth.put(environment.name(), depthOf(environment, 0));
    }
    return config.environments().values().stream()
        .sorted(
            Comparator.<EnvironmentConfig>comparingInt(e -> depth.get(e.name()))
                .thenComparing(EnvironmentConfig::name))
        .toList();
  }

  private int depthOf(EnvironmentConfig environment, int guard) {
    if (environment.upstream().isEmpty() || guard > config.environments().size()) {
      return 0;
    }
    return 1
        + config
            .findEnvironment(environment.upstream().get())
            .map(upstream -> depthOf(upstream, guard + 1))
            .orElse(0);
  }

  /** The components of the configuration, for callers listing what could run. */
  public List<ComponentName> components() {
    return config.components().keySet().stream().sorted().toList();
  }
}
