package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway approve}: approve a promotion waiting on an approval gate. */
@Command(
    name = "approve",
    description =
        "Approve a pending promotion, as a holder of the role its environment's approval gate"
            + " names.")
final class ApproveCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "PROMOTION", description = "The promotion's id")
  long id;

  @Option(names = "--reason", description = "What you checked, for the record")
  String reason;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode approval = client.client().post("api/v1/promotions/" + id + "/approvals", body);
    Printer printer = new Printer(spec.commandLine().getOut());
    if (client.json()) {
      printer.json(approval);
    } else {
      printer.line(
          "Promotion "
              + id
              + " approved by "
              + Printer.actor(approval.get("approvedBy"))
              + "; see what it waits on with: slipway promotion show "
              + id);
    }
    return ExitCodes.OK;
  }
}
