package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.evidence.report.EndpointStats;
import java.util.List;

/**
 * What a person reads about one run.
 *
 * @param run the run
 * @param failedCases cases that failed or errored, in report order, at most {@link #CASE_LIMIT}
 * @param flakyCases cases flaky within the run or across runs of the same builds
 * @param slowestCases the longest cases, longest first
 * @param endpoints the load-test statistics, for a load test
 */
public record RunDetail(
    EvidenceRun run,
    List<RunCase> failedCases,
    List<RunCase> flakyCases,
    List<RunCase> slowestCases,
    List<EndpointStats> endpoints) {
  /** How many cases of each list are shown; a run with more says how many it holds. */
  public static final int CASE_LIMIT = 500;

  public RunDetail {
    requireNonNull(run, "run is null");
    failedCases = List.copyOf(requireNonNull(failedCases, "failedCases is null"));
    flakyCases = List.copyOf(requireNonNull(flakyCases, "flakyCases is null"));
    slowestCases = List.copyOf(requireNonNull(slowestCases, "slowestCases is null"));
    endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
  }
}
