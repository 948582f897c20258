package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway status}: what runs where, since when, by whom; what is running or waiting. */
@Command(name = "status", description = "Show what runs in every environment.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode status = client.client().get("api/v1/status");
    Printer printer = new Printer(spec.commandLine().getOut());
    if (client.json()) {
      printer.json(status);
      return ExitCodes.OK;
    }
    Instant now = Instant.now();
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode environment : status.get("environments")) {
      for (JsonNode component : environment.get("components")) {
        JsonNode build = component.get("build");
        rows.add(
            List.of(
                Printer.text(environment, "name"),
                Printer.text(component, "component"),
                build == null
                    ? shortVersion(Printer.text(component, "version"))
                    : Printer.text(build, "version"),
                Printer.ago(component, "since", now),
                Printer.actor(component.get("deployedBy")),
                Printer.text(component, "promotionId")));
      }
    }
    printer.table(List.of("ENVIRONMENT", "COMPONENT", "VERSION", "SINCE", "BY", "PROMOTION"), rows);
    for (JsonNode environment : status.get("environments")) {
      JsonNode active = environment.get("active");
      if (active != null) {
        printer.line(
            Printer.text(environment, "name")
                + ": promotion "
                + Printer.text(active, "id")
                + " "
                + Printer.text(active, "phase").toLowerCase(Locale.ROOT)
                + " ("
                + describeBuilds(active)
                + ")");
      }
      int pending = environment.get("pending").size();
      if (pending > 0) {
        printer.line(Printer.text(environment, "name") + ": " + pending + " promotion(s) waiting");
      }
      for (JsonNode promotion : environment.get("pending")) {
        String waiting = Printer.waiting(promotion);
        if (!waiting.isEmpty()) {
          printer.line(
              Printer.text(environment, "name")
                  + ": promotion "
                  + Printer.text(promotion, "id")
                  + " ("
                  + describeBuilds(promotion)
                  + ") "
                  + waiting);
        }
      }
    }
    return ExitCodes.OK;
  }

  static String describeBuilds(JsonNode promotion) {
    List<String> names = new ArrayList<>();
    for (JsonNode build : promotion.get("builds")) {
      String version =
          build.hasNonNull("build")
              ? Printer.text(build.get("build"), "shortCommit")
              : shortVersion(Printer.text(build, "expectedVersion"));
      names.add(Printer.text(build, "component") + "@" + version);
    }
    return String.join(", ", names);
  }

  private static String shortVersion(String version) {
    return version.matches("[0-9a-f]{40}") ? version.substring(0, 7) : version;
  }
}
