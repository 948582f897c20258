package dev.slipway.api;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRef;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.EvidenceRun;
import dev.slipway.evidence.EvidenceUpload;
import dev.slipway.evidence.SuiteName;
import dev.slipway.evidence.report.ReportFormat;
import dev.slipway.evidence.report.ReportFormats;
import dev.slipway.identity.Actor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Test evidence: CI uploads a report as the raw request body, with what it is about in query
 * parameters, so the server can parse the report while it arrives instead of holding it whole.
 */
final class EvidenceRoutes {
  private final Slipway slipway;

  EvidenceRoutes(Slipway slipway) {
    this.slipway = slipway;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/evidence", this::upload);
    routes.get("/api/v1/evidence", this::list);
    routes.get("/api/v1/evidence/{id}", this::show);
    routes.get("/api/v1/evidence/{id}/raw", this::raw);
  }

  private void upload(Context context) {
    EnvironmentName environment = EnvironmentName.of(required(context, "environment"));
    SuiteName suite = SuiteName.of(required(context, "suite"));
    Optional<String> named = Parameters.query(context, "format");
    EvidenceRun run;
    try (InputStream body = new BufferedInputStream(body(context), 64 * 1024)) {
      // Without a format the report's first bytes tell it: XML, JSON or Locust's CSV header.
      Optional<ReportFormat> detected =
          named.isEmpty() ? Optional.of(ReportFormats.detect(body)) : Optional.empty();
      EvidenceUpload upload =
          new EvidenceUpload(
              environment,
              suite,
              named.orElseGet(() -> detected.orElseThrow().name()),
              Parameters.longQuery(context, "exitCode").map(Long::intValue),
              Parameters.query(context, "url"),
              Parameters.query(context, "startedAt").map(EvidenceRoutes::instant),
              context.queryParams("build").stream()
                  .filter(text -> !text.isBlank())
                  .map(text -> BuildRef.parse(text.trim()))
                  .toList());
      Actor actor = Authentication.actor(context);
      run =
          detected.isPresent()
              ? slipway.evidence().upload(upload, body, detected.get(), actor)
              : slipway.evidence().upload(upload, body, actor);
    } catch (IOException e) {
      throw SlipwayException.invalid(
          "body", "the report could not be read to its end: %s", e.getMessage());
    }
    context.status(201).json(EvidenceViews.RunView.of(run));
  }

  private static InputStream body(Context context) throws IOException {
    InputStream raw = context.req().getInputStream();
    String encoding = context.header("Content-Encoding");
    return encoding != null && encoding.trim().equalsIgnoreCase("gzip")
        ? new GZIPInputStream(raw, 64 * 1024)
        : raw;
  }

  private void list(Context context) {
    List<EvidenceRun> runs =
        slipway
            .evidence()
            .listRuns(
                Parameters.query(context, "environment").map(EnvironmentName::of),
                Parameters.query(context, "suite").map(SuiteName::of),
                Parameters.limit(context, 50, 500));
    context.json(runs.stream().map(EvidenceViews.RunView::of).toList());
  }

  private void show(Context context) {
    long id = Parameters.pathId(context, "id");
    context.json(EvidenceViews.RunDetailView.of(slipway.evidence().getDetail(id)));
  }

  private void raw(Context context) {
    long id = Parameters.pathId(context, "id");
    EvidenceRun run = slipway.evidence().getRun(id);
    if (!run.rawKept()) {
      throw SlipwayException.notFound(
          "the raw report of test run %d was deleted at %s, past the retention of raw reports",
          id, run.rawPrunedAt().orElseThrow());
    }
    context.contentType("application/gzip");
    context.header("Content-Disposition", "attachment; filename=\"test-run-" + id + ".gz\"");
    OutputStream out = context.outputStream();
    slipway.evidence().runs().copyRawReport(id, out);
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(Context context, String name) {
    return Parameters.query(context, name)
        .orElseThrow(() -> SlipwayException.invalid(name, "'%s' is required", name));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw SlipwayException.invalid(
          "startedAt", "'%s' is not an ISO-8601 time such as 2026-03-02T14:00:00Z", text);
    }
  }
}
