package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.build.BuildRef;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.SuiteName;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway evidence}: test reports as promotion evidence. */
@Command(
    name = "evidence",
    description = "Upload test reports and read the runs they record.",
    subcommands = {
      EvidenceCommand.Upload.class,
      EvidenceCommand.ListRuns.class,
      EvidenceCommand.Show.class
    })
final class EvidenceCommand {
  private EvidenceCommand() {}

  /** {@code slipway evidence upload}. */
  @Command(
      name = "upload",
      description =
          "Upload a test report. The run is tied to the builds running in the environment when it"
              + " started, unless --build names them.")
  static final class Upload implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--env", required = true, description = "The environment the suite tested")
    String environment;

    @Option(names = "--suite", required = true, description = "The suite: smoke, e2e, load...")
    String suite;

    @Option(names = "--file", required = true, description = "The report file")
    Path file;

    @Option(
        names = "--format",
        description =
            "junit, mochawesome, locust or exit-code (default: told from the report's first bytes)")
    String format;

    @Option(names = "--exit-code", description = "The exit code of the test command")
    Integer exitCode;

    @Option(names = "--url", description = "The CI run, for people to follow")
    String url;

    @Option(
        names = "--started-at",
        description = "When the run started (ISO-8601; default: upload time less its duration)")
    String startedAt;

    @Option(
        names = "--build",
        description = "A build tested, as component@<commit>; repeat for each component")
    List<String> builds = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw SlipwayException.invalid("--file", "%s is not a file", file);
      }
      StringBuilder query = new StringBuilder("api/v1/evidence?environment=");
      query.append(encode(EnvironmentName.of(environment).value()));
      query.append("&suite=").append(encode(SuiteName.of(suite).value()));
      if (format != null) {
        query.append("&format=").append(encode(format));
      }
      if (exitCode != null) {
        query.append("&exitCode=").append(exitCode);
      }
      if (url != null) {
        query.append("&url=").append(encode(url));
      }
      if (startedAt != null) {
        try {
          query.append("&startedAt=").append(encode(Instant.parse(startedAt).toString()));
        } catch (DateTimeParseException e) {
          throw SlipwayException.invalid(
              "--started-at",
              "'%s' is not an ISO-8601 time such as 2026-03-02T14:00:00Z",
              startedAt);
        }
      }
      for (String build : builds) {
        query.append("&build=").append(encode(BuildRef.parse(build).toString()));
      }
      JsonNode run = client.client().postFile(query.toString(), file);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(run);
      } else {
        printer.line(
            "Stored test run "
                + Printer.text(run, "id")
                + ": "
                + Printer.text(run, "suite")
                + " in "
                + Printer.text(run, "environment")
                + " "
                + Printer.text(run, "verdict")
                + " ("
                + counts(run)
                + ") on "
                + builds(run));
        if (run.path("straddled").asBoolean()) {
          printer.line("It does not count for gates: " + Printer.text(run, "straddleReason") + ".");
        }
        printer.line("Report: " + page(client, run));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway evidence list}. */
  @Command(name = "list", description = "List test runs, newest first.")
  static final class ListRuns implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--env", description = "The environment (default: all)")
    String environment;

    @Option(names = "--suite", description = "The suite (default: all)")
    String suite;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "How many (default ${DEFAULT-VALUE})")
    int limit;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder("api/v1/evidence?limit=").append(limit);
      if (environment != null) {
        query.append("&environment=").append(encode(EnvironmentName.of(environment).value()));
      }
      if (suite != null) {
        query.append("&suite=").append(encode(SuiteName.of(suite).value()));
      }
      JsonNode runs = client.client().get(query.toString());
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(runs);
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode run : runs) {
        rows.add(
            List.of(
                Printer.text(run, "id"),
                Printer.text(run, "environment"),
                Printer.text(run, "suite"),
                Printer.text(run, "verdict"),
                counts(run),
                builds(run),
                Printer.time(run, "startedAt")));
      }
      printer.table(
          List.of("ID", "ENVIRONMENT", "SUITE", "VERDICT", "CASES", "BUILDS", "STARTED"), rows);
      return ExitCodes.OK;
    }
  }

  /** {@code slipway evidence show}. */
  @Command(
      name = "show",
      description = "Show a test run: its summary, failed cases with messages, and durations.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's number")
    long id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode detail = client.client().get("api/v1/evidence/" + id);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(detail);
        return ExitCodes.OK;
      }
      JsonNode run = detail.get("run");
      printer.line(
          "Test run "
              + Printer.text(run, "id")
              + ": "
              + Printer.text(run, "suite")
              + " in "
              + Printer.text(run, "environment")
              + ", "
              + Printer.text(run, "verdict"));
      printer.line("Cases:    " + counts(run) + duration(run.get("durationMillis")));
      printer.line("Builds:   " + builds(run));
      printer.line(
          "Started:  "
              + Printer.time(run, "startedAt")
              + ", uploaded "
              + Printer.time(run, "uploadedAt")
              + " by "
              + Printer.actor(run.get("uploadedBy")));
      if (!Printer.text(run, "ciUrl").isEmpty()) {
        printer.line("CI run:   " + Printer.text(run, "ciUrl"));
      }
      if (run.path("straddled").asBoolean()) {
        printer.line("Straddled: " + Printer.text(run, "straddleReason") + "; not counted.");
      }
      printer.line("Report:   " + page(client, run));
      JsonNode failed = detail.get("failedCases");
      if (!failed.isEmpty()) {
        printer.line("");
        printer.line("Failed cases:");
        for (JsonNode testCase : failed) {
          printer.line(
              "  "
                  + Printer.text(testCase, "status").toUpperCase(java.util.Locale.ROOT)
                  + "  "
                  + caseName(testCase)
                  + duration(testCase.get("durationMillis"))
                  + (testCase.path("flaky").asBoolean() ? " (flaky)" : ""));
          String message = Printer.text(testCase, "message");
          if (!message.isEmpty()) {
            for (String line : message.lines().toList()) {
              printer.line("      " + line);
            }
          }
        }
      }
      JsonNode flaky = detail.get("flakyCases");
      if (!flaky.isEmpty()) {
        printer.line("");
        printer.line("Flaky cases (passed and failed on the same builds):");
        for (JsonNode testCase : flaky) {
          printer.line("  " + caseName(testCase));
        }
      }
      JsonNode slowest = detail.get("slowestCases");
      if (!slowest.isEmpty()) {
        printer.line("");
        printer.line("Slowest cases:");
        for (JsonNode testCase : slowest) {
          printer.line("  " + caseName(testCase) + duration(testCase.get("durationMillis")));
        }
      }
      String log = Printer.text(detail, "log");
      if (!log.isEmpty()) {
        printer.line("");
        printer.line("End of the log:");
        for (String line : log.lines().toList()) {
          printer.line("  " + line);
        }
      }
      return ExitCodes.OK;
    }
  }

  static String counts(JsonNode run) {
    StringBuilder text = new StringBuilder();
    text.append(run.path("passed").asLong()).append(" passed");
    long failed = run.path("failed").asLong();
    long errored = run.path("errored").asLong();
    long skipped = run.path("skipped").asLong();
    if (failed > 0) {
      text.append(", ").append(failed).append(" failed");
    }
    if (errored > 0) {
      text.append(", ").append(errored).append(" errored");
    }
    if (skipped > 0) {
      text.append(", ").append(skipped).append(" skipped");
    }
    text.append(" of ").append(run.path("tests").asLong());
    if (run.hasNonNull("exitCode")) {
      text.append(", exit code ").append(run.get("exitCode").asInt());
    }
    return text.toString();
  }

  static String builds(JsonNode run) {
    List<String> names = new ArrayList<>();
    for (JsonNode build : run.path("builds")) {
      names.add(Printer.text(build, "shortName"));
    }
    return names.isEmpty() ? "no known builds" : String.join(", ", names);
  }

  private static String caseName(JsonNode testCase) {
    String suite = Printer.text(testCase, "suite");
    String className = Printer.text(testCase, "className");
    String prefix = className.isEmpty() || className.equals(suite) ? suite : className;
    return (prefix.isEmpty() ? "" : prefix + " › ") + Printer.text(testCase, "name");
  }

  private static String duration(JsonNode millis) {
    if (millis == null || millis.isNull()) {
      return "";
    }
    long value = millis.asLong();
    return value < 1000
        ? "  " + value + " ms"
        : String.format(java.util.Locale.ROOT, "  %.1f s", value / 1000.0);
  }

  private static String page(ClientOptions client, JsonNode run) {
    String base = client.server.toString();
    String path = Printer.text(run, "page");
    return URI.create(base.endsWith("/") ? base : base + "/").resolve(path.substring(1)).toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
