package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.ConfigProblem;
import dev.slipway.config.InvalidConfigException;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.ErrorCategory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway config validate FILE}: check a configuration before it is used. */
@Command(
    name = "config",
    description = "Work with slipway.yaml.",
    subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {
  /** {@code slipway config validate FILE}. */
  @Command(
      name = "validate",
      description =
          "Check a configuration file: every problem with its file, line and field. Exit 2 when"
              + " it is invalid.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The configuration file")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ConfigLoader loader =
          new ConfigLoader(
              Slipway.validator(
                  Path.of("slipway-data"), Secrets.fromEnvironment(), Clock.systemUTC()));
      try {
        SlipwayConfig config = loader.load(file);
        spec.commandLine()
            .getOut()
            .println(
                file
                    + " is valid: "
                    + config.components().size()
                    + " components, "
                    + config.environments().size()
                    + " environments");
        return ExitCodes.OK;
      } catch (InvalidConfigException e) {
        for (ConfigProblem problem : e.problems()) {
          spec.commandLine().getErr().println(problem);
        }
        spec.commandLine()
            .getErr()
            .println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
        return ExitCodes.of(ErrorCategory.USER);
      }
    }
  }
}
