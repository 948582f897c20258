package dev.slipway.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.evidence.report.EndpointStats;
import dev.slipway.evidence.report.ReportListener;
import dev.slipway.evidence.report.TestCaseResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Receives a report as it is parsed and writes its cases and endpoints in batches, inside the
 * upload's transaction, so that memory holds one batch whatever the size of the report.
 */
final class RunWriter implements ReportListener {
  static final int BATCH_SIZE = 500;
  static final int MESSAGE_LIMIT = 8_000;
  static final int DETAILS_LIMIT = 32_000;
  static final int OUTPUT_LIMIT = 16_000;
  static final int LOG_TAIL_LINES = 200;
  private static final int LOG_LINE_LIMIT = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Handle handle;
  private final long runId;
  private final List<TestCaseResult> cases = new ArrayList<>();
  private final List<EndpointStats> endpoints = new ArrayList<>();
  private final Deque<String> logTail = new ArrayDeque<>();
  private int caseSeq;
  private int endpointSeq;

  RunWriter(Handle handle, long runId) {
    this.handle = handle;
    this.runId = runId;
  }

  @Override
  public void testCase(TestCaseResult testCase) {
    cases.add(testCase);
    if (cases.size() >= BATCH_SIZE) {
      flushCases();
    }
  }

  @Override
  public void endpoint(EndpointStats endpoint) {
    endpoints.add(endpoint);
    if (endpoints.size() >= BATCH_SIZE) {
      flushEndpoints();
    }
  }

  @Override
  public void logLine(String line) {
    if (logTail.size() == LOG_TAIL_LINES) {
      logTail.removeFirst();
    }
    logTail.addLast(truncate(line, LOG_LINE_LIMIT));
  }

  /** Writes what is left of the last batches. */
  void finish() {
    flushCases();
    flushEndpoints();
  }

  Optional<String> logTail() {
    return logTail.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", logTail));
  }

  private void flushCases() {
    if (cases.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO evidence_cases (run_id, seq, suite, class_name, name, status,"
                + " duration_ms, message, details, system_out, system_err, flaky) VALUES (:run,"
                + " :seq, :suite, :className, :name, :status, :duration, :message, :details,"
                + " :systemOut, :systemErr, :flaky)");
    for (TestCaseResult testCase : cases) {
      batch
          .bind("run", runId)
          .bind("seq", caseSeq++)
          .bind("suite", truncate(testCase.suite(), 1000))
          .bind("className", truncate(testCase.className(), 1000))
          .bind("name", truncate(testCase.name(), 2000))
          .bind("status", testCase.status().name())
          .bind("duration", testCase.duration().map(Duration::toMillis).orElse(null))
          .bind("message", testCase.message().map(m -> truncate(m, MESSAGE_LIMIT)).orElse(null))
          .bind("details", testCase.details().map(d -> truncate(d, DETAILS_LIMIT)).orElse(null))
          .bind("systemOut", testCase.systemOut().map(o -> truncate(o, OUTPUT_LIMIT)).orElse(null))
          .bind("systemErr", testCase.systemErr().map(o -> truncate(o, OUTPUT_LIMIT)).orElse(null))
          .bind("flaky", testCase.flaky())
          .add();
    }
    batch.execute();
    cases.clear();
  }

  private void flushEndpoints() {
    if (endpoints.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO evidence_endpoints (run_id, seq, method, name, requests, failures,"
                + " average_ms, percentiles) VALUES (:run, :seq, :method, :name, :requests,"
                + " :failures, :average, :percentiles)");
    for (EndpointStats endpoint : endpoints) {
      batch
          .bind("run", runId)
          .bind("seq", endpointSeq++)
          .bind("method", truncate(endpoint.method(), 16))
          .bind("name", truncate(endpoint.name(), 2000))
          .bind("requests", endpoint.requests())
          .bind("failures", endpoint.failures())
          .bind("average", endpoint.averageMillis())
          .bind("percentiles", percentiles(endpoint.percentilesMillis()))
          .add();
    }
    batch.execute();
    endpoints.clear();
  }

  static String percentiles(Map<Double, Double> percentiles) {
    Map<String, Double> byName = new LinkedHashMap<>();
    percentiles.forEach((key, value) -> byName.put(key.toString(), value));
    try {
      return JSON.writeValueAsString(byName);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("percentiles cannot be written as JSON", e);
    }
  }

  static String truncate(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    String marker = "… (truncated)";
    return text.substring(0, limit - marker.length()) + marker;
  }
}
