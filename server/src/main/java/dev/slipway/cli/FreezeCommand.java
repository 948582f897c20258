package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.environment.EnvironmentName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway freeze}: declare, lift and list freezes of environments. */
@Command(
    name = "freeze",
    description = "Declare, lift or list freezes, which hold every promotion of an environment.",
    subcommands = {
      FreezeCommand.Declare.class,
      FreezeCommand.Lift.class,
      FreezeCommand.ListFreezes.class
    })
final class FreezeCommand {
  /** {@code slipway freeze declare --env ENV --reason TEXT}. */
  @Command(name = "declare", description = "Freeze an environment until the freeze is lifted.")
  static final class Declare implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--env", required = true, description = "The environment")
    String environment;

    @Option(names = "--reason", required = true, description = "Why, as held promotions show")
    String reason;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode freeze =
          client
              .client()
              .post(
                  "api/v1/environments/" + EnvironmentName.of(environment) + "/freeze",
                  Map.of("reason", reason));
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(freeze);
      } else {
        printer.line(
            environment
                + " is frozen: "
                + Printer.text(freeze, "reason")
                + "; lift it with: slipway freeze lift --env "
                + environment);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway freeze lift --env ENV [--reason TEXT]}. */
  @Command(name = "lift", description = "Lift the freeze declared in an environment.")
  static final class Lift implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--env", required = true, description = "The environment")
    String environment;

    @Option(names = "--reason", description = "Why, for the record")
    String reason;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (reason != null) {
        body.put("reason", reason);
      }
      JsonNode freeze =
          client
              .client()
              .post(
                  "api/v1/environments/" + EnvironmentName.of(environment) + "/freeze/lift", body);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(freeze);
      } else {
        printer.line(
            "Freeze of " + environment + " lifted (" + Printer.text(freeze, "reason") + ")");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway freeze list [--env ENV]}. */
  @Command(name = "list", description = "List declared freezes, newest first.")
  static final class ListFreezes implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--env", description = "The environment (default: all)")
    String environment;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode freezes =
          client
              .client()
              .get(
                  "api/v1/freezes"
                      + (environment == null
                          ? ""
                          : "?environment=" + EnvironmentName.of(environment)));
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(freezes);
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode freeze : freezes) {
        rows.add(
            List.of(
                Printer.text(freeze, "id"),
                Printer.text(freeze, "environment"),
                freeze.path("inForce").asBoolean() ? "in force" : "lifted",
                Printer.time(freeze, "declaredAt"),
                Printer.actor(freeze.get("declaredBy")),
                Printer.text(freeze, "reason")));
      }
      printer.table(List.of("ID", "ENVIRONMENT", "STATE", "DECLARED", "BY", "REASON"), rows);
      return ExitCodes.OK;
    }
  }
}
