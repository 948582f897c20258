package dev.slipway.testing;

import dev.slipway.evidence.report.EndpointStats;
import dev.slipway.evidence.report.ReportListener;
import dev.slipway.evidence.report.TestCaseResult;
import java.util.ArrayList;
import java.util.List;

/** A report listener that keeps everything it is handed, for tests to look at afterwards. */
public final class TestingReportListener implements ReportListener {
  /** Output a suite printed, as handed to {@link ReportListener#suiteOutput}. */
  public record SuiteOutput(String suite, String stream, String text) {}

  private final List<TestCaseResult> cases = new ArrayList<>();
  private final List<EndpointStats> endpoints = new ArrayList<>();
  private final List<String> logLines = new ArrayList<>();
  private final List<SuiteOutput> suiteOutputs = new ArrayList<>();

  @Override
  public void testCase(TestCaseResult testCase) {
    cases.add(testCase);
  }

  @Override
  public void endpoint(EndpointStats endpoint) {
    endpoints.add(endpoint);
  }

  @Override
  public void logLine(String line) {
    logLines.add(line);
  }

  @Override
  public void suiteOutput(String suite, String stream, String text) {
    suiteOutputs.add(new SuiteOutput(suite, stream, text));
  }

  public List<TestCaseResult> cases() {
    return List.copyOf(cases);
  }

  /** The one case of that name; fails the test when there is none or more than one. */
  public TestCaseResult getCase(String name) {
    List<TestCaseResult> named = cases.stream().filter(c -> c.name().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError(
          "expected one case named '" + name + "' but found " + named.size() + " in " + cases);
    }
    return named.get(0);
  }

  public List<EndpointStats> endpoints() {
    return List.copyOf(endpoints);
  }

  /** The one endpoint of that name; fails the test when there is none or more than one. */
  public EndpointStats getEndpoint(String name) {
    List<EndpointStats> named = endpoints.stream().filter(e -> e.name().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError(
          "expected one endpoint named '" + name + "' but found " + named.size());
    }
    return named.get(0);
  }

  public List<String> logLines() {
    return List.copyOf(logLines);
  }

  public List<SuiteOutput> suiteOutputs() {
    return List.copyOf(suiteOutputs);
  }
}
