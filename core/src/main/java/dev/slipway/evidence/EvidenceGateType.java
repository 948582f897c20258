package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.PluginConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.LoadThresholds;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code evidence} gate: named suites must have a passing run, in the upstream environment, of
 * exactly the builds being promoted.
 *
 * <pre>
 * gates:
 *   - type: evidence
 *     suites: [smoke, e2e, {name: load, thresholds: ["p95 &lt; 500ms", "failureRatio &lt; 1%"]}]
 *     mode: all-pass            # or no-new-failures
 * </pre>
 */
public final class EvidenceGateType implements GateType {
  public static final String NAME = "evidence";

  private final EvidenceRepository runs;
  private final EnvironmentRepository environments;

  public EvidenceGateType(EvidenceRepository runs, EnvironmentRepository environments) {
    this.runs = requireNonNull(runs, "runs is null");
    this.environments = requireNonNull(environments, "environments is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** How a suite's run must compare. */
  public enum Mode {
    /** The run of the builds must pass: nothing failed or errored. */
    ALL_PASS,
    /**
     * The run of the builds may fail only where the run of the release running in the gate's
     * environment failed too; without such a run, it must pass.
     */
    NO_NEW_FAILURES;

    static Mode parse(String text) {
      return switch (text) {
        case "all-pass" -> ALL_PASS;
        case "no-new-failures" -> NO_NEW_FAILURES;
        default ->
            throw SlipwayException.invalid(
                "mode", "mode '%s' is not all-pass or no-new-failures", text);
      };
    }

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One suite the gate asks for, with the load thresholds its runs must keep. */
  public record SuiteRule(SuiteName suite, Optional<LoadThresholds> thresholds) {
    public SuiteRule {
      requireNonNull(suite, "suite is null");
      requireNonNull(thresholds, "thresholds is null");
    }
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    EnvironmentName environment = context.environment();
    EnvironmentName upstream =
        context
            .config()
            .getEnvironment(environment)
            .upstream()
            .orElseThrow(
                () ->
                    SlipwayException.invalid(
                        "type",
                        "an evidence gate reads test runs of the upstream environment, and %s"
                            + " takes its builds straight from CI; set its upstream or remove"
                            + " the gate",
                        environment));
    JsonNode suites = config.settings().get("suites");
    if (suites == null || !suites.isArray() || suites.isEmpty()) {
      throw SlipwayException.invalid("suites", "'suites' must list at least one suite");
    }
    List<SuiteRule> rules = new ArrayList<>();
    Set<SuiteName> seen = new HashSet<>();
    for (int i = 0; i < suites.size(); i++) {
      SuiteRule rule = rule(suites.get(i), "suites[" + i + "]");
      if (!seen.add(rule.suite())) {
        throw SlipwayException.invalid(
            "suites[" + i + "]", "suite '%s' is listed twice", rule.suite());
      }
      rules.add(rule);
    }
    Mode mode = config.findText("mode").map(Mode::parse).orElse(Mode.ALL_PASS);
    return new EvidenceGate(runs, environments, environment, upstream, rules, mode);
  }

  private static SuiteRule rule(JsonNode entry, String field) {
    if (entry.isTextual()) {
      return new SuiteRule(suiteName(entry.asText(), field), Optional.empty());
    }
    if (!entry.isObject() || !entry.path("name").isTextual()) {
      throw SlipwayException.invalid(
          field, "a suite is a name, or {name: ..., thresholds: [...]} for a load test");
    }
    SuiteName name = suiteName(entry.get("name").asText(), field + ".name");
    JsonNode thresholds = entry.get("thresholds");
    if (thresholds == null) {
      return new SuiteRule(name, Optional.empty());
    }
    if (!thresholds.isArray() || thresholds.isEmpty()) {
      throw SlipwayException.invalid(
          field + ".thresholds", "'thresholds' must list thresholds such as 'p95 < 500ms'");
    }
    List<String> texts = new ArrayList<>();
    thresholds.forEach(threshold -> texts.add(threshold.asText()));
    return new SuiteRule(name, Optional.of(LoadThresholds.parse(texts, field + ".thresholds")));
  }

  private static SuiteName suiteName(String text, String field) {
    try {
      return SuiteName.of(text);
    } catch (SlipwayException e) {
      throw SlipwayException.invalid(field, "%s", e.getMessage());
    }
  }
}
