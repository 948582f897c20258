package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.gate.GateTypes;
import dev.slipway.gate.GateVerdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a promotion back until every gate of its environment passes. The gates are asked when the
 * promotion is next in line, then again only when something may have changed their answer: an event
 * reported through {@link #changed}, the earliest recheck time a gate gave, another promotion
 * coming next in line, or, as a safety net for events seen by another server sharing the database,
 * {@link #LONGEST_HOLD} after the last evaluation. The latest decisions are stored for people to
 * see, and a step-log line is written when a gate's decision changes.
 */
final class GateKeeper {
  /** The longest a held promotion goes without its gates asked again. */
  static final Duration LONGEST_HOLD = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(GateKeeper.class);

  /** A promotion held after an evaluation, and what would make the answer stale. */
  private record Hold(long promotionId, long changesSeen, Instant until) {}

  private final SlipwayConfig config;
  private final Map<EnvironmentName, List<Gate>> gates;
  private final PromotionRepository promotions;
  private final PromotionGateRepository decisions;
  private final Clock clock;
  private final Map<EnvironmentName, Long> changes = new ConcurrentHashMap<>();
  private final Map<EnvironmentName, Hold> holds = new ConcurrentHashMap<>();

  GateKeeper(
      SlipwayConfig config,
      Map<EnvironmentName, List<Gate>> gates,
      PromotionRepository promotions,
      PromotionGateRepository decisions,
      Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.gates = Map.copyOf(requireNonNull(gates, "gates is null"));
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.decisions = requireNonNull(decisions, "decisions is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A gate keeper for a configuration without gates: it admits every promotion. */
  static GateKeeper none(PromotionRepository promotions, Clock clock) {
    return new GateKeeper(
        new SlipwayConfig(Path.of("slipway.yaml"), Map.of(), Map.of(), Map.of()),
        Map.of(),
        promotions,
        new PromotionGateRepository(promotions.jdbi()),
        clock);
  }

  /** Makes the gates of every environment from the configuration. */
  static Map<EnvironmentName, List<Gate>> create(
      SlipwayConfig config, GateTypes types, Clock clock) {
    Map<EnvironmentName, List<Gate>> result = new HashMap<>();
    for (EnvironmentConfig environment : config.environments().values()) {
      List<Gate> made = new ArrayList<>();
      for (PluginConfig gate : environment.gates()) {
        made.add(types.create(gate, new GateContext(config, environment.name(), clock)));
      }
      result.put(environment.name(), List.copyOf(made));
    }
    return result;
  }

  /** The gates of an environment, in configuration order. */
  List<Gate> gatesOf(EnvironmentName environment) {
    return gates.getOrDefault(environment, List.of());
  }

  /** Something that may change a gate's answer in an environment happened. */
  void changed(EnvironmentName environment) {
    changes.merge(environment, 1L, Long::sum);
  }

  /**
   * True when the promotion, next in line in its environment, may start: rollbacks always, other
   * promotions once every gate passes. Asks the gates only when their last answer may be stale.
   */
  boolean admits(Promotion promotion) {
    List<Gate> environmentGates = gatesOf(promotion.environment());
    if (promotion.kind() == PromotionKind.ROLLBACK || environmentGates.isEmpty()) {
      return true;
    }
    EnvironmentName environment = promotion.environment();
    long changesSeen = changes.getOrDefault(environment, 0L);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Hold hold = holds.get(environment);
    if (hold != null
        && hold.promotionId() == promotion.id()
        && hold.changesSeen() == changesSeen
        && now.isBefore(hold.until())) {
      return false;
    }
    List<PromotionGate> latest = evaluate(promotion, environmentGates, now);
    store(promotion, latest, now);
    boolean passed = latest.stream().allMatch(gate -> gate.verdict() == GateVerdict.PASS);
    if (passed) {
      holds.remove(environment);
    } else {
      Instant until = now.plus(LONGEST_HOLD);
      for (PromotionGate gate : latest) {
        if (gate.recheckAt().isPresent() && gate.recheckAt().get().isBefore(until)) {
          until = gate.recheckAt().get();
        }
      }
      holds.put(environment, new Hold(promotion.id(), changesSeen, until));
    }
    return passed;
  }

  /**
   * The earliest time still to come at which a held promotion's gates are to be asked again. A hold
   * whose time has passed is left out: its promotion has been asked again, or no longer waits.
   */
  Optional<Instant> nextRecheckAt() {
    Instant now = clock.instant();
    return holds.values().stream()
        .map(Hold::until)
        .filter(until -> until.isAfter(now))
        .min(Instant::compareTo);
  }

  private List<PromotionGate> evaluate(
      Promotion promotion, List<Gate> environmentGates, Instant now) {
    GateRequest request =
        new GateRequest(
            promotion.environment(),
            config.findEnvironment(promotion.environment()).flatMap(EnvironmentConfig::upstream),
            builds(promotion),
            Optional.empty(),
            Optional.of(promotion.id()),
            now);
    List<PromotionGate> result = new ArrayList<>();
    for (int index = 0; index < environmentGates.size(); index++) {
      Gate gate = environmentGates.get(index);
      GateDecision decision;
      try {
        decision = gate.evaluate(request);
      } catch (RuntimeException e) {
        LOG.warn("gate '{}' failed for promotion {}", gate.description(), promotion.id(), e);
        decision =
            GateDecision.waitUntil(
                now.plus(LONGEST_HOLD),
                "the gate could not decide (" + e.getMessage() + "); asking again shortly");
      }
      result.add(
          new PromotionGate(
              index,
              gate.description(),
              decision.verdict(),
              decision.reason(),
              decision.link(),
              decision.recheckAt(),
              now));
    }
    return result;
  }

  /** Stores the decisions and logs each that differs from the one stored before. */
  private void store(Promotion promotion, List<PromotionGate> latest, Instant now) {
    promotions
        .jdbi()
        .useTransaction(
            handle -> {
              Map<Integer, PromotionGate> before = new HashMap<>();
              decisions
                  .listGates(handle, promotion.id())
                  .forEach(gate -> before.put(gate.index(), gate));
              decisions.replace(handle, promotion.id(), latest);
              for (PromotionGate gate : latest) {
                PromotionGate previous = before.get(gate.index());
                if (previous != null
                    && previous.verdict() == gate.verdict()
                    && Objects.equals(previous.reason(), gate.reason())) {
                  continue;
                }
                promotions.appendStep(
                    handle,
                    promotion.id(),
                    now,
                    gate.verdict() == GateVerdict.BLOCK ? StepSeverity.WARNING : StepSeverity.INFO,
                    "Gate " + gate.description() + " " + gate.summary());
              }
            });
  }

  /** The builds a promotion would put in place, as gates are asked about them. */
  private static List<Build> builds(Promotion promotion) {
    return promotion.builds().stream().flatMap(build -> build.build().stream()).toList();
  }
}
