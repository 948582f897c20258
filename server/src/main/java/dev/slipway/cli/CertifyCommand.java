package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway certify RELEASE}: vouch for, or hold, one's own commits in a release. */
@Command(
    name = "certify",
    description =
        "Certify your own commits in a release (which lifts your hold on them), hold them with a"
            + " reason, or lift your hold. A delegate may act on an owner's behalf with a reason.")
final class CertifyCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "RELEASE", description = "The release")
  long release;

  @ArgGroup(exclusive = true)
  Action action;

  @Option(names = "--on-behalf-of", paramLabel = "EMAIL", description = "The owner you act for")
  String onBehalfOf;

  @Option(names = "--reason", description = "Why (required with --on-behalf-of)")
  String reason;

  @Spec CommandSpec spec;

  /** Holding or lifting a hold instead of certifying. */
  static final class Action {
    @Option(names = "--hold", paramLabel = "REASON", description = "Hold your commits: why")
    String hold;

    @Option(names = "--lift-hold", description = "Lift your hold without certifying")
    boolean liftHold;
  }

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (action != null && action.hold != null) {
      body.put("action", "hold");
      body.put("reason", action.hold);
    } else if (action != null && action.liftHold) {
      body.put("action", "lift-hold");
    } else {
      body.put("action", "certify");
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    if (onBehalfOf != null) {
      body.put("onBehalfOf", onBehalfOf);
    }
    JsonNode review = client.client().post("api/v1/releases/" + release + "/certifications", body);
    Printer printer = new Printer(spec.commandLine().getOut());
    if (client.json()) {
      printer.json(review);
    } else {
      printer.line(
          "Release "
              + release
              + ": "
              + (body.get("action").equals("certify")
                  ? "certified"
                  : body.get("action").equals("hold") ? "held" : "hold lifted")
              + ". "
              + Printer.text(review, "summary"));
    }
    return ExitCodes.OK;
  }
}
