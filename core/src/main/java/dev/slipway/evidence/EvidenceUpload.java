package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.BuildRef;
import dev.slipway.environment.EnvironmentName;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an upload says about the report it carries.
 *
 * @param environment the environment the suite ran against
 * @param suite the suite that ran
 * @param format the report's format: {@code junit}, {@code mochawesome}, {@code locust}, {@code
 *     exit-code}
 * @param exitCode the exit code of the test command, for reports that are only a log
 * @param ciUrl the CI run, for people to follow
 * @param startedAt when the run started; by default the upload time less the report's duration
 * @param builds the builds tested, when CI knows them; by default what Slipway had running in the
 *     environment when the run started
 */
public record EvidenceUpload(
    EnvironmentName environment,
    SuiteName suite,
    String format,
    Optional<Integer> exitCode,
    Optional<String> ciUrl,
    Optional<Instant> startedAt,
    List<BuildRef> builds) {
  public EvidenceUpload {
    requireNonNull(environment, "environment is null");
    requireNonNull(suite, "suite is null");
    requireNonNull(format, "format is null");
    requireNonNull(exitCode, "exitCode is null");
    requireNonNull(ciUrl, "ciUrl is null");
    requireNonNull(startedAt, "startedAt is null");
    builds = List.copyOf(requireNonNull(builds, "builds is null"));
    Set<Object> components = new HashSet<>();
    for (BuildRef build : builds) {
      if (!components.add(build.component())) {
        throw dev.slipway.error.SlipwayException.invalid(
            "build", "component %s is named twice in the builds tested", build.component());
      }
    }
  }

  /** An upload that names only what is required; the rest comes from Slipway's record. */
  public static EvidenceUpload of(EnvironmentName environment, SuiteName suite, String format) {
    return new EvidenceUpload(
        environment,
        suite,
        format,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  public EvidenceUpload withStartedAt(Instant at) {
    return new EvidenceUpload(environment, suite, format, exitCode, ciUrl, Optional.of(at), builds);
  }

  public EvidenceUpload withBuilds(List<BuildRef> tested) {
    return new EvidenceUpload(environment, suite, format, exitCode, ciUrl, startedAt, tested);
  }

  public EvidenceUpload withCiUrl(String url) {
    return new EvidenceUpload(
        environment, suite, format, exitCode, Optional.of(url), startedAt, builds);
  }

  public EvidenceUpload withExitCode(int code) {
    return new EvidenceUpload(
        environment, suite, format, Optional.of(code), ciUrl, startedAt, builds);
  }
}
