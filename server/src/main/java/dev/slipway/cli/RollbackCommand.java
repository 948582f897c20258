package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.environment.EnvironmentName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway rollback}: undo the last promotion of an environment. */
@Command(
    name = "rollback",
    description =
        "Undo the most recent succeeded promotion of an environment: revert what it wrote,"
            + " verify the previous versions, reject its builds there.")
final class RollbackCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--env", required = true, description = "The environment")
  String environment;

  @Option(names = "--reason", description = "Why, for the record")
  String reason;

  @Mixin WaitOptions wait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (reason != null) {
      body.put("reason", reason);
    }
    ApiClient api = client.client();
    JsonNode promotion =
        api.post("api/v1/environments/" + EnvironmentName.of(environment) + "/rollback", body);
    return Requested.report(api, client, spec, promotion, wait);
  }
}
