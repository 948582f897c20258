package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.environment.EnvironmentName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway history}: the promotions of an environment, newest first. */
@Command(name = "history", description = "List the promotions of an environment, newest first.")
final class HistoryCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--env", description = "The environment (default: all)")
  String environment;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many (default ${DEFAULT-VALUE})")
  int limit;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String query =
        "api/v1/promotions?limit="
            + limit
            + (environment == null ? "" : "&environment=" + EnvironmentName.of(environment));
    JsonNode promotions = client.client().get(query);
    Printer printer = new Printer(spec.commandLine().getOut());
    if (client.json()) {
      printer.json(promotions);
      return ExitCodes.OK;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode promotion : promotions) {
      rows.add(
          List.of(
              Printer.text(promotion, "id"),
              Printer.text(promotion, "environment"),
              Printer.text(promotion, "kind").toLowerCase(Locale.ROOT),
              Printer.text(promotion, "phase").toLowerCase(Locale.ROOT),
              StatusCommand.describeBuilds(promotion),
              Printer.actor(promotion.get("requestedBy"))
                  + ("AUTOMATIC".equals(Printer.text(promotion, "origin")) ? " (auto)" : ""),
              Printer.time(promotion, "createdAt"),
              Printer.waiting(promotion).isEmpty()
                  ? Printer.text(promotion, "outcome")
                  : Printer.waiting(promotion)));
    }
    printer.table(
        List.of(
            "ID", "ENVIRONMENT", "KIND", "PHASE", "BUILDS", "REQUESTED BY", "CREATED", "OUTCOME"),
        rows);
    return ExitCodes.OK;
  }
}
