package dev.slipway.cli;

import dev.slipway.error.SlipwayException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slipway}: the entry point of the server and the command line. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Release promotion: deploy tested builds, verify them, roll bad ones back.",
    subcommands = {
      ServerCommand.class,
      QuickstartCommand.class,
      StatusCommand.class,
      BuildCommand.class,
      EvidenceCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      ApproveCommand.class,
      FreezeCommand.class,
      HistoryCommand.class,
      PromotionCommand.class,
      AuditCommand.class,
      ConfigCommand.class,
      TokenCommand.class,
      ReleaseCommand.class,
      CertifyCommand.class,
      PendingCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:it worked",
      "1:Slipway failed internally",
      "2:invalid input or configuration, or a usage error",
      "3:not found",
      "4:conflict with the current state (a running promotion, nothing to roll back)",
      "5:no valid token, or not allowed",
      "6:an outside system (git, a check endpoint) failed",
      "7:the server could not be reached",
      "8:what was asked about is not good (promotion failed, audit record broken)"
    })
public final class SlipwayCommand {
  public static void main(String[] args) {
    System.exit(
        execute(
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
            args));
  }

  /** Runs a command line, writing to the given streams, and returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new SlipwayCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (error, command, parseResult) -> {
          if (error instanceof SlipwayException slipway) {
            err.println("error: " + slipway.getMessage());
            err.flush();
            return ExitCodes.of(slipway.category());
          }
          if (error instanceof ApiClient.UnreachableException unreachable) {
            err.println("error: " + unreachable.getMessage());
            err.flush();
            return ExitCodes.UNREACHABLE;
          }
          err.println("error: " + error);
          error.printStackTrace(err);
          err.flush();
          return ExitCodes.of(dev.slipway.error.ErrorCategory.INTERNAL);
        });
    return commandLine.execute(args);
  }
}
