package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;

/** What promote and rollback print once the server accepted the request. */
final class Requested {
  private Requested() {}

  static int report(
      ApiClient api, ClientOptions client, CommandSpec spec, JsonNode promotion, WaitOptions wait)
      throws InterruptedException {
    Printer printer = new Printer(spec.commandLine().getOut());
    long id = promotion.get("id").asLong();
    if (!wait.wait) {
      if (client.json()) {
        printer.json(promotion);
      } else {
        printer.line(
            "Promotion "
                + id
                + " ("
                + Printer.text(promotion, "kind").toLowerCase(java.util.Locale.ROOT)
                + " to "
                + Printer.text(promotion, "environment")
                + ") is "
                + Printer.text(promotion, "phase").toLowerCase(java.util.Locale.ROOT)
                + "; follow it with: slipway promotion show "
                + id);
      }
      return ExitCodes.OK;
    }
    if (!client.json()) {
      printer.line("Promotion " + id + " requested; waiting for it to finish");
    }
    return new PromotionWatcher(api, printer, client.json()).watch(id, wait.timeout());
  }
}
