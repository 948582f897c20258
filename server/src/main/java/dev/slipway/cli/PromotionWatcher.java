package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a promotion until it ends, printing its step log as it grows: what {@code --wait} does.
 * Succeeded exits 0; failed, errored or cancelled (or still running at the timeout) exit {@link
 * ExitCodes#NOT_GOOD}.
 */
final class PromotionWatcher {
  private final ApiClient client;
  private final Printer printer;
  private final boolean quiet;

  PromotionWatcher(ApiClient client, Printer printer, boolean quiet) {
    this.client = client;
    this.printer = printer;
    this.quiet = quiet;
  }

  int watch(long id, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    int printed = 0;
    while (true) {
      JsonNode promotion = client.get("api/v1/promotions/" + id);
      JsonNode steps = promotion.get("steps");
      if (!quiet && steps != null) {
        for (int i = printed; i < steps.size(); i++) {
          printer.line("  " + Printer.step(steps.get(i)));
        }
        printed = steps.size();
      }
      if (promotion.get("terminal").asBoolean()) {
        String phase = Printer.text(promotion, "phase");
        if (quiet) {
          printer.json(promotion);
        } else {
          printer.line("Promotion " + id + " " + phase.toLowerCase(java.util.Locale.ROOT));
        }
        return "SUCCEEDED".equals(phase) ? ExitCodes.OK : ExitCodes.NOT_GOOD;
      }
      if (Instant.now().isAfter(deadline)) {
        printer.line(
            "Promotion "
                + id
                + " is still "
                + Printer.text(promotion, "phase").toLowerCase(java.util.Locale.ROOT)
                + " after "
                + Durations.format(timeout)
                + "; stopped waiting (it carries on)");
        return ExitCodes.NOT_GOOD;
      }
      Thread.sleep(500);
    }
  }
}
