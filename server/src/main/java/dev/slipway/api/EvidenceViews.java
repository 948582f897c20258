package dev.slipway.api;

import dev.slipway.evidence.EvidenceRun;
import dev.slipway.evidence.RunCase;
import dev.slipway.evidence.RunDetail;
import dev.slipway.evidence.TestedBuild;
import dev.slipway.evidence.report.EndpointStats;
import dev.slipway.web.RunPages;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test runs as the API answers with them. */
final class EvidenceViews {
  private EvidenceViews() {}

  record TestedBuildView(
      String component, String version, String shortName, Views.BuildView build) {
    static TestedBuildView of(TestedBuild build) {
      return new TestedBuildView(
          build.component().value(),
          build.version(),
          build.shortName(),
          build.build().map(Views.BuildView::of).orElse(null));
    }
  }

  record RunView(
      long id,
      String environment,
      String suite,
      String format,
      String verdict,
      boolean green,
      boolean straddled,
      String straddleReason,
      Instant startedAt,
      Instant uploadedAt,
      Views.ActorView uploadedBy,
      String ciUrl,
      long tests,
      long passed,
      long failed,
      long errored,
      long skipped,
      long flaky,
      Long durationMillis,
      Integer exitCode,
      List<TestedBuildView> builds,
      long rawBytes,
      long rawStoredBytes,
      boolean rawKept,
      Instant rawDeletedAt,
      String page) {
    static RunView of(EvidenceRun run) {
      return new RunView(
          run.id(),
          run.environment().value(),
          run.suite().value(),
          run.format(),
          run.verdict(),
          run.green(),
          run.straddled(),
          run.straddleReason().orElse(null),
          run.startedAt(),
          run.uploadedAt(),
          Views.ActorView.of(run.uploadedBy()),
          run.ciUrl().orElse(null),
          run.summary().tests(),
          run.summary().passed(),
          run.summary().failed(),
          run.summary().errored(),
          run.summary().skipped(),
          run.summary().flaky(),
          run.summary().duration().map(Duration::toMillis).orElse(null),
          run.summary().exitCode().orElse(null),
          run.builds().stream().map(TestedBuildView::of).toList(),
          run.rawBytes(),
          run.rawStoredBytes(),
          run.rawKept(),
          run.rawPrunedAt().orElse(null),
          RunPages.path(run.id()));
    }
  }

  record CaseView(
      String suite,
      String className,
      String name,
      String status,
      Long durationMillis,
      String message,
      String details,
      boolean flaky,
      boolean flakyInRun,
      boolean flakyOnBuilds,
      String systemOut,
      String systemErr) {
    static CaseView of(RunCase testCase) {
      var result = testCase.result();
      return new CaseView(
          result.suite(),
          result.className(),
          result.name(),
          result.status().name().toLowerCase(Locale.ROOT),
          result.duration().map(Duration::toMillis).orElse(null),
          result.message().orElse(null),
          result.details().orElse(null),
          testCase.flaky(),
          result.flaky(),
          testCase.flakyOnBuilds(),
          result.systemOut().orElse(null),
          result.systemErr().orElse(null));
    }
  }

  record EndpointView(
      String method,
      String name,
      long requests,
      long failures,
      double failureRatio,
      double averageMillis,
      Map<String, Double> percentilesMillis) {
    static EndpointView of(EndpointStats endpoint) {
      Map<String, Double> percentiles = new LinkedHashMap<>();
      endpoint.percentilesMillis().forEach((key, value) -> percentiles.put(percentile(key), value));
      return new EndpointView(
          endpoint.method(),
          endpoint.name(),
          endpoint.requests(),
          endpoint.failures(),
          endpoint.failureRatio(),
          endpoint.averageMillis(),
          percentiles);
    }

    private static String percentile(double key) {
      return key == Math.rint(key) ? String.valueOf((long) key) : String.valueOf(key);
    }
  }

  record RunDetailView(
      RunView run,
      List<CaseView> failedCases,
      List<CaseView> flakyCases,
      List<CaseView> slowestCases,
      List<EndpointView> endpoints,
      String log) {
    static RunDetailView of(RunDetail detail) {
      return new RunDetailView(
          RunView.of(detail.run()),
          detail.failedCases().stream().map(CaseView::of).toList(),
          detail.flakyCases().stream().map(CaseView::of).toList(),
          detail.slowestCases().stream().map(CaseView::of).toList(),
          detail.endpoints().stream().map(EndpointView::of).toList(),
          detail.run().logTail().orElse(null));
    }
  }
}
