package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.RunningBuild;
import dev.slipway.evidence.EvidenceGateType.Mode;
import dev.slipway.evidence.EvidenceGateType.SuiteRule;
import dev.slipway.evidence.report.ThresholdBreach;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.gate.GateVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** An {@code evidence} gate of one environment; see {@link EvidenceGateType}. */
final class EvidenceGate implements Gate {
  private static final int NAMED_FAILURES = 5;

  private final EvidenceRepository runs;
  private final EnvironmentRepository environments;
  private final EnvironmentName environment;
  private final EnvironmentName upstream;
  private final List<SuiteRule> rules;
  private final Mode mode;

  EvidenceGate(
      EvidenceRepository runs,
      EnvironmentRepository environments,
      EnvironmentName environment,
      EnvironmentName upstream,
      List<SuiteRule> rules,
      Mode mode) {
    this.runs = runs;
    this.environments = environments;
    this.environment = environment;
    this.upstream = upstream;
    this.rules = List.copyOf(rules);
    this.mode = requireNonNull(mode, "mode is null");
  }

  @Override
  public String description() {
    return "evidence: "
        + rules.stream().map(rule -> rule.suite().value()).collect(Collectors.joining(", "))
        + " passing in "
        + upstream
        + (mode == Mode.NO_NEW_FAILURES ? " (no new failures)" : "");
  }

  /** One suite's answer. */
  private record SuiteAnswer(GateVerdict verdict, String reason, Optional<String> link) {}

  @Override
  public GateDecision evaluate(GateRequest request) {
    EnvironmentName from = request.upstream().orElse(upstream);
    List<Build> builds = request.builds();
    if (builds.isEmpty()) {
      return GateDecision.pass("no registered builds to hold test runs for");
    }
    String tested = builds.stream().map(Build::shortName).collect(Collectors.joining(", "));
    List<SuiteAnswer> answers = new ArrayList<>();
    for (SuiteRule rule : rules) {
      answers.add(judge(rule, from, builds, tested));
    }
    List<SuiteAnswer> blocking =
        answers.stream().filter(answer -> answer.verdict() == GateVerdict.BLOCK).toList();
    List<SuiteAnswer> waiting =
        answers.stream().filter(answer -> answer.verdict() == GateVerdict.WAIT).toList();
    List<SuiteAnswer> deciding = !blocking.isEmpty() ? blocking : waiting;
    if (deciding.isEmpty()) {
      return GateDecision.pass(
          answers.stream().map(SuiteAnswer::reason).collect(Collectors.joining("; ")));
    }
    String reason = deciding.stream().map(SuiteAnswer::reason).collect(Collectors.joining("; "));
    GateDecision decision =
        blocking.isEmpty() ? GateDecision.waitFor(reason) : GateDecision.block(reason);
    Optional<String> link =
        deciding.stream().map(SuiteAnswer::link).flatMap(Optional::stream).findFirst();
    return link.map(decision::withLink).orElse(decision);
  }

  private SuiteAnswer judge(
      SuiteRule rule, EnvironmentName from, List<Build> builds, String tested) {
    SuiteName suite = rule.suite();
    Optional<EvidenceRun> found = runs.findLatestRunTesting(from, suite, builds);
    if (found.isEmpty()) {
      return new SuiteAnswer(
          GateVerdict.WAIT,
          String.format(
              "no %s run in %s has tested %s yet (runs that straddled a deploy do not count)",
              suite, from, tested),
          Optional.empty());
    }
    EvidenceRun run = found.get();
    Optional<String> link = Optional.of(run.pagePath());
    if (rule.thresholds().isPresent()) {
      List<ThresholdBreach> breaches =
          rule.thresholds().get().evaluate(runs.listEndpoints(run.id()));
      if (!breaches.isEmpty()) {
        return new SuiteAnswer(
            GateVerdict.BLOCK,
            String.format(
                "%s run %d in %s broke its thresholds: %s",
                suite,
                run.id(),
                from,
                breaches.stream().map(ThresholdBreach::reason).collect(Collectors.joining("; "))),
            link);
      }
    }
    if (run.green()) {
      return new SuiteAnswer(
          GateVerdict.PASS,
          String.format("%s passed in run %d in %s", suite, run.id(), from),
          link);
    }
    if (mode == Mode.NO_NEW_FAILURES) {
      Optional<EvidenceRun> baseline = baseline(suite, from, builds);
      if (baseline.isPresent() && run.summary().exitCode().orElse(0) == 0) {
        Set<String> fresh = new TreeSet<>(runs.failingCaseNames(run.id()));
        fresh.removeAll(runs.failingCaseNames(baseline.get().id()));
        if (fresh.isEmpty()) {
          return new SuiteAnswer(
              GateVerdict.PASS,
              String.format(
                  "%s run %d in %s failed only where run %d of the release running in %s failed",
                  suite, run.id(), from, baseline.get().id(), environment),
              link);
        }
        return new SuiteAnswer(
            GateVerdict.BLOCK,
            String.format(
                "%s run %d in %s has %d new failure%s since run %d of the release running in %s:"
                    + " %s",
                suite,
                run.id(),
                from,
                fresh.size(),
                fresh.size() == 1 ? "" : "s",
                baseline.get().id(),
                environment,
                named(fresh)),
            link);
      }
    }
    return new SuiteAnswer(
        GateVerdict.BLOCK,
        String.format(
            "%s run %d in %s failed (%s)%s",
            suite,
            run.id(),
            from,
            counts(run),
            run.summary().failed() + run.summary().errored() > 0
                ? ": " + named(runs.failingCaseNames(run.id()))
                : ""),
        link);
  }

  /** The run of the same suite on the builds now running in the gate's environment. */
  private Optional<EvidenceRun> baseline(
      SuiteName suite, EnvironmentName from, List<Build> builds) {
    List<Build> running =
        runs.jdbi()
            .withHandle(
                handle -> {
                  List<Build> found = new ArrayList<>();
                  for (Build build : builds) {
                    environments
                        .findRunning(handle, environment, build.component())
                        .flatMap(RunningBuild::build)
                        .ifPresent(found::add);
                  }
                  return found;
                });
    if (running.size() != builds.size()) {
      return Optional.empty();
    }
    return runs.findLatestRunTesting(from, suite, running);
  }

  private static String counts(EvidenceRun run) {
    StringBuilder text = new StringBuilder();
    long failing = run.summary().failed() + run.summary().errored();
    text.append(failing).append(" of ").append(run.summary().tests()).append(" failed");
    run.summary()
        .exitCode()
        .filter(code -> code != 0)
        .ifPresent(code -> text.append(", exit code ").append(code));
    return text.toString();
  }

  private static String named(Set<String> cases) {
    String shown = cases.stream().limit(NAMED_FAILURES).collect(Collectors.joining(", "));
    return cases.size() > NAMED_FAILURES
        ? shown + " and " + (cases.size() - NAMED_FAILURES) + " more"
        : shown;
  }
}
