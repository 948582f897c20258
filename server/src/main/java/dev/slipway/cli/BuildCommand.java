package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway build}: builds as CI registers them. */
@Command(
    name = "build",
    description = "Register builds.",
    subcommands = BuildCommand.Register.class)
final class BuildCommand {
  /** {@code slipway build register}. */
  @Command(
      name = "register",
      description =
          "Register a build (idempotent). Automatic environments fed by CI promote it at once.")
  static final class Register implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--component", required = true, description = "The component built")
    String component;

    @Option(names = "--commit", required = true, description = "The full 40-character commit")
    String commit;

    @Option(names = "--image", description = "The image reference or package built")
    String image;

    @Option(names = "--version", description = "A label for people (default: the short commit)")
    String version;

    @Option(names = "--url", description = "The CI run that built it")
    String url;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("component", component);
      body.put("commit", commit);
      if (image != null) {
        body.put("image", image);
      }
      if (version != null) {
        body.put("version", version);
      }
      if (url != null) {
        body.put("url", url);
      }
      JsonNode answer = client.client().post("api/v1/builds", body);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(answer);
      } else {
        JsonNode build = answer.get("build");
        printer.line(
            (answer.get("created").asBoolean() ? "Registered " : "Already registered ")
                + Printer.text(build, "component")
                + "@"
                + Printer.text(build, "shortCommit")
                + " (build "
                + Printer.text(build, "id")
                + ")");
      }
      return ExitCodes.OK;
    }
  }
}
