package dev.slipway.cli;

import dev.slipway.audit.AuditLog;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Identities;
import dev.slipway.identity.IssuedToken;
import dev.slipway.storage.Database;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway token create}: the first token, made on the server's own database. */
@Command(
    name = "token",
    description = "Manage API tokens.",
    subcommands = TokenCommand.Create.class)
final class TokenCommand {
  /** {@code slipway token create --name N --email E}. */
  @Command(
      name = "create",
      description =
          "Create an API token for a user (created if new), directly in the server's database."
              + " The token is printed once; only its hash is stored.")
  static final class Create implements Callable<Integer> {
    @Mixin LocalOptions local;

    @Option(names = "--name", required = true, description = "The user's name")
    String name;

    @Option(names = "--email", required = true, description = "The user's email address")
    String email;

    @Option(
        names = "--label",
        defaultValue = "cli",
        description = "What the token is for (default ${DEFAULT-VALUE})")
    String label;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text (default) or json")
    ClientOptions.OutputFormat output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      IssuedToken token;
      try (Database database = Database.open(local.database())) {
        Clock clock = Clock.systemUTC();
        token =
            new Identities(database.jdbi(), new AuditLog(clock), clock)
                .createToken(name, email, label, Optional.empty());
      } catch (SlipwayException e) {
        if (e.category() == ErrorCategory.INTERNAL
            && String.valueOf(e.getMessage()).contains("in use")) {
          throw new SlipwayException(
              ErrorCategory.CONFLICT,
              e.getMessage()
                  + ". The embedded database is open in a running server: stop it first, or"
                  + " create the token through the API (POST /api/v1/tokens) with a token you have",
              null,
              true,
              e);
        }
        throw e;
      }
      Printer printer = new Printer(spec.commandLine().getOut());
      if (output == ClientOptions.OutputFormat.json) {
        printer.json(
            dev.slipway.api.Json.mapper()
                .valueToTree(
                    Map.of(
                        "id", token.id(),
                        "label", token.label(),
                        "email", token.user().email(),
                        "token", token.secret())));
      } else {
        printer.line(token.secret());
        spec.commandLine()
            .getErr()
            .println(
                "Created token "
                    + token.id()
                    + " ("
                    + token.label()
                    + ") for "
                    + token.user().email()
                    + ". It is shown only now; export SLIPWAY_TOKEN=<it> to use it.");
      }
      return ExitCodes.OK;
    }
  }
}
