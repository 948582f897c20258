package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway pending}: what waits in each environment, on whom, and for how long. */
@Command(
    name = "pending",
    description = "Show what waits in each environment, on whom, and for how long.")
final class PendingCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--env", description = "Only this environment")
  String environment;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode pending =
        client
            .client()
            .get("api/v1/pending" + (environment == null ? "" : "?environment=" + environment));
    Printer printer = new Printer(spec.commandLine().getOut());
    if (client.json()) {
      printer.json(pending);
      return ExitCodes.OK;
    }
    if (pending.isEmpty()) {
      printer.line("Nothing waits" + (environment == null ? "." : " in " + environment + "."));
      return ExitCodes.OK;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode item : pending) {
      rows.add(
          List.of(
              Printer.text(item, "environment"),
              Printer.text(item, "what"),
              waited(item.get("waitedSeconds").asLong()),
              Printer.text(item, "waitingOn")));
    }
    printer.table(List.of("ENVIRONMENT", "WHAT", "WAITING", "ON"), rows);
    return ExitCodes.OK;
  }

  /** {@code 2d 3h}, {@code 3h 12m}, {@code 12m}. */
  static String waited(long seconds) {
    Duration waited = Duration.ofSeconds(seconds);
    if (waited.toDays() > 0) {
      return waited.toDays() + "d " + waited.toHoursPart() + "h";
    }
    if (waited.toHours() > 0) {
      return waited.toHours() + "h " + waited.toMinutesPart() + "m";
    }
    return waited.toMinutes() + "m";
  }
}
