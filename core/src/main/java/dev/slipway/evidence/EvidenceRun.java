package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.evidence.report.ReportSummary;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One stored run of a test suite.
 *
 * @param id its number, which the run page and the CLI use
 * @param environment the environment the suite ran against
 * @param suite the suite
 * @param format the report format it was read from
 * @param startedAt when the run started
 * @param uploadedAt when its report was uploaded; the run had finished by then
 * @param uploadedBy who uploaded it
 * @param ciUrl the CI run, when given
 * @param summary the counts of the report
 * @param straddleReason when a deploy to the environment happened between the start and the upload,
 *     what it was; such a run tested a mix of builds and never counts for a gate
 * @param builds the builds tested, by component
 * @param rawBytes the size of the raw report as uploaded
 * @param rawStoredBytes its compressed size as kept
 * @param rawPrunedAt when the raw report was deleted by the retention; the summary and cases stay
 * @param logTail the last lines of the log, for a run reported by its exit code
 */
public record EvidenceRun(
    long id,
    EnvironmentName environment,
    SuiteName suite,
    String format,
    Instant startedAt,
    Instant uploadedAt,
    Actor uploadedBy,
    Optional<String> ciUrl,
    ReportSummary summary,
    Optional<String> straddleReason,
    List<TestedBuild> builds,
    long rawBytes,
    long rawStoredBytes,
    Optional<Instant> rawPrunedAt,
    Optional<String> logTail) {
  public EvidenceRun {
    requireNonNull(environment, "environment is null");
    requireNonNull(suite, "suite is null");
    requireNonNull(format, "format is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(uploadedAt, "uploadedAt is null");
    requireNonNull(uploadedBy, "uploadedBy is null");
    requireNonNull(ciUrl, "ciUrl is null");
    requireNonNull(summary, "summary is null");
    requireNonNull(straddleReason, "straddleReason is null");
    builds = List.copyOf(requireNonNull(builds, "builds is null"));
    requireNonNull(rawPrunedAt, "rawPrunedAt is null");
    requireNonNull(logTail, "logTail is null");
  }

  public boolean straddled() {
    return straddleReason.isPresent();
  }

  /** True when nothing failed or errored and the command, if reported by its exit code, passed. */
  public boolean green() {
    return summary.green();
  }

  /** True while the raw report is kept. */
  public boolean rawKept() {
    return rawPrunedAt.isEmpty();
  }

  /** {@code passed}, {@code failed} or {@code straddled}: how a person reads the run. */
  public String verdict() {
    if (straddled()) {
      return "straddled";
    }
    return green() ? "passed" : "failed";
  }

  /** {@code api@f3d0498, admin@1a2b3c4}. */
  public String describeBuilds() {
    return builds.isEmpty()
        ? "no known builds"
        : builds.stream().map(TestedBuild::shortName).collect(Collectors.joining(", "));
  }

  /** Where a person reads the run on the server: {@code /evidence/12}. */
  public String pagePath() {
    return "/evidence/" + id;
  }

  /** {@code evidence:12}, the audit subject. */
  public String subject() {
    return "evidence:" + id;
  }
}
