package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway promotion}: one promotion, its step log, and cancelling it. */
@Command(
    name = "promotion",
    description = "Show or cancel one promotion.",
    subcommands = {PromotionCommand.Show.class, PromotionCommand.Cancel.class})
final class PromotionCommand {
  /** {@code slipway promotion show ID}. */
  @Command(name = "show", description = "Show a promotion with its step log.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The promotion")
    long id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode promotion = client.client().get("api/v1/promotions/" + id);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(promotion);
        return ExitCodes.OK;
      }
      printer.line(
          "Promotion "
              + id
              + ": "
              + Printer.text(promotion, "kind").toLowerCase(Locale.ROOT)
              + " of "
              + StatusCommand.describeBuilds(promotion)
              + " to "
              + Printer.text(promotion, "environment"));
      printer.line("  phase:        " + Printer.text(promotion, "phase").toLowerCase(Locale.ROOT));
      printer.line(
          "  requested by: "
              + Printer.actor(promotion.get("requestedBy"))
              + " ("
              + Printer.text(promotion, "origin").toLowerCase(Locale.ROOT)
              + ")");
      if (promotion.hasNonNull("reason")) {
        printer.line("  reason:       " + Printer.text(promotion, "reason"));
      }
      if (promotion.hasNonNull("deployReference")) {
        printer.line("  deployed in:  " + Printer.text(promotion, "deployReference"));
      }
      if (promotion.hasNonNull("revertReference")) {
        printer.line("  reverted in:  " + Printer.text(promotion, "revertReference"));
      }
      if (promotion.hasNonNull("outcome")) {
        printer.line("  outcome:      " + Printer.text(promotion, "outcome"));
      }
      JsonNode gates = promotion.get("gates");
      if (gates != null && !gates.isEmpty()) {
        printer.line("  gates:");
        for (JsonNode gate : gates) {
          printer.line("    " + Printer.gate(gate));
        }
      }
      printer.line("  steps:");
      for (JsonNode step : promotion.get("steps")) {
        printer.line("    " + Printer.step(step));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway promotion cancel ID}. */
  @Command(name = "cancel", description = "Withdraw a promotion that has not started.")
  static final class Cancel implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The promotion")
    long id;

    @Option(names = "--reason", description = "Why, for the record")
    String reason;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (reason != null) {
        body.put("reason", reason);
      }
      JsonNode promotion = client.client().post("api/v1/promotions/" + id + "/cancel", body);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(promotion);
      } else {
        printer.line("Promotion " + id + " cancelled");
      }
      return ExitCodes.OK;
    }
  }
}
