package dev.slipway.web;

import static java.util.Objects.requireNonNull;

import dev.slipway.evidence.EvidenceRun;
import dev.slipway.evidence.RunCase;
import dev.slipway.evidence.RunDetail;
import dev.slipway.evidence.TestedBuild;
import dev.slipway.evidence.report.EndpointStats;
import dev.slipway.evidence.report.ReportSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the run page shows, formatted for reading.
 *
 * @param run the run
 * @param title {@code smoke in staging, run 12}
 * @param verdict {@code passed}, {@code failed} or {@code straddled}
 * @param counts {@code 41 passed, 2 failed, 1 skipped of 44}
 * @param started when it started, in UTC
 * @param duration how long it took, when the report says
 * @param builds the builds tested
 * @param failed the failed and errored cases
 * @param flaky the flaky cases
 * @param slowest the longest cases
 * @param endpoints load-test statistics
 */
public record RunPage(
    EvidenceRun run,
    String title,
    String verdict,
    String counts,
    String started,
    Optional<String> duration,
    List<BuildRow> builds,
    List<CaseRow> failed,
    List<CaseRow> flaky,
    List<CaseRow> slowest,
    List<EndpointRow> endpoints) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  public RunPage {
    requireNonNull(run, "run is null");
    builds = List.copyOf(builds);
    failed = List.copyOf(failed);
    flaky = List.copyOf(flaky);
    slowest = List.copyOf(slowest);
    endpoints = List.copyOf(endpoints);
  }

  /** One build tested. */
  public record BuildRow(String component, String version, String label, Optional<String> ciUrl) {}

  /** One test case. */
  public record CaseRow(
      String name,
      String status,
      String duration,
      Optional<String> message,
      Optional<String> details,
      boolean flaky,
      Optional<String> systemOut,
      Optional<String> systemErr) {}

  /** One endpoint of a load test. */
  public record EndpointRow(
      String method,
      String name,
      long requests,
      long failures,
      String failureRatio,
      String average,
      String p95) {}

  public static RunPage of(RunDetail detail) {
    EvidenceRun run = detail.run();
    return new RunPage(
        run,
        run.suite() + " in " + run.environment() + ", run " + run.id(),
        run.verdict(),
        counts(run.summary()),
        time(run.startedAt()),
        run.summary().duration().map(RunPage::duration),
        run.builds().stream().map(RunPage::buildRow).toList(),
        detail.failedCases().stream().map(RunPage::caseRow).toList(),
        detail.flakyCases().stream().map(RunPage::caseRow).toList(),
        detail.slowestCases().stream().map(RunPage::caseRow).toList(),
        detail.endpoints().stream().map(RunPage::endpointRow).toList());
  }

  /** More failed cases than listed: the page says how many. */
  public boolean failedTruncated() {
    return run.summary().failed() + run.summary().errored() > failed.size();
  }

  public String uploaded() {
    return time(run.uploadedAt()) + " by " + run.uploadedBy();
  }

  static String counts(ReportSummary summary) {
    StringBuilder text = new StringBuilder();
    text.append(summary.passed()).append(" passed");
    if (summary.failed() > 0) {
      text.append(", ").append(summary.failed()).append(" failed");
    }
    if (summary.errored() > 0) {
      text.append(", ").append(summary.errored()).append(" errored");
    }
    if (summary.skipped() > 0) {
      text.append(", ").append(summary.skipped()).append(" skipped");
    }
    text.append(" of ").append(summary.tests());
    summary.exitCode().ifPresent(code -> text.append("; exit code ").append(code));
    return text.toString();
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static String duration(Duration duration) {
    if (duration.toMillis() < 1000) {
      return duration.toMillis() + " ms";
    }
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
    return seconds / 60 + " min " + seconds % 60 + " s";
  }

  private static BuildRow buildRow(TestedBuild build) {
    return new BuildRow(
        build.component().value(),
        build.version(),
        build.shortName(),
        build.build().flatMap(b -> b.ciUrl()));
  }

  private static CaseRow caseRow(RunCase testCase) {
    var result = testCase.result();
    String name =
        result.className().isEmpty() || result.className().equals(result.suite())
            ? result.suite() + " › " + result.name()
            : result.className() + " › " + result.name();
    return new CaseRow(
        name,
        result.status().name().toLowerCase(Locale.ROOT),
        result.duration().map(RunPage::duration).orElse(""),
        result.message(),
        result.details(),
        testCase.flaky(),
        result.systemOut(),
        result.systemErr());
  }

  private static EndpointRow endpointRow(EndpointStats endpoint) {
    Map<Double, Double> percentiles = endpoint.percentilesMillis();
    Double p95 = percentiles.get(95.0);
    return new EndpointRow(
        endpoint.method(),
        endpoint.name(),
        endpoint.requests(),
        endpoint.failures(),
        String.format(Locale.ROOT, "%.2f %%", endpoint.failureRatio() * 100),
        String.format(Locale.ROOT, "%.0f ms", endpoint.averageMillis()),
        p95 == null ? "" : String.format(Locale.ROOT, "%.0f ms", p95));
  }
}
