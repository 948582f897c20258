package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code slipway promote}: put builds, or a release, into an environment by hand. */
@Command(name = "promote", description = "Promote builds, or a release, to an environment.")
final class PromoteCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--env", required = true, description = "The environment")
  String environment;

  @Option(
      names = "--build",
      description = "A build as component@<40-character commit>; repeat for several components")
  List<String> builds;

  @Option(names = "--release", description = "A release of the environment, instead of builds")
  Long release;

  @Option(names = "--reason", description = "Why, for the record; required with --override-freeze")
  String reason;

  @Option(
      names = "--override-freeze",
      description =
          "Let the promotion through the freezes of the environment (needs the freeze gate's"
              + " overrideRole and a --reason)")
  boolean overrideFreeze;

  @Mixin WaitOptions wait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment", environment);
    if ((builds == null || builds.isEmpty()) == (release == null)) {
      throw new ParameterException(
          spec.commandLine(), "name either --build (one or more) or --release");
    }
    if (release != null) {
      body.put("release", release);
    } else {
      body.put("builds", builds);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    if (overrideFreeze) {
      body.put("overrideFreeze", true);
    }
    ApiClient api = client.client();
    JsonNode promotion = api.post("api/v1/promotions", body);
    return Requested.report(api, client, spec, promotion, wait);
  }
}
