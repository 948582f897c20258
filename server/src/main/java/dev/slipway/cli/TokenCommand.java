package dev.slipway.cli;

import dev.slipway.audit.AuditLog;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Identities;
import dev.slipway.identity.IssuedToken;
import dev.slipway.identity.TokenInfo;
import dev.slipway.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway token create|list|revoke}: tokens made, listed and revoked on the server's own
 * database, as its operator does (the first token, a lost laptop's token).
 */
@Command(
    name = "token",
    description = "Manage API tokens.",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand {
  /**
   * Works on the server's own database, as the operator of the server does. The embedded database
   * is locked by a running server, which the error then says.
   */
  static <T> T onDatabase(LocalOptions local, Function<Identities, T> work) {
    try (Database database = Database.open(local.database())) {
      Clock clock = Clock.systemUTC();
      return work.apply(new Identities(database.jdbi(), new AuditLog(clock), clock));
    } catch (SlipwayException e) {
      if (e.category() == ErrorCategory.INTERNAL
          && String.valueOf(e.getMessage()).contains("in use")) {
        throw new SlipwayException(
            ErrorCategory.CONFLICT,
            e.getMessage()
                + ". The embedded database is open in a running server: stop it first, or"
                + " use the API (POST, GET and DELETE /api/v1/tokens) with a token you have",
            null,
            true,
            e);
      }
      throw e;
    }
  }

  /** {@code slipway token list [--email E]}. */
  @Command(
      name = "list",
      description = "List API tokens (never their secrets), directly in the server's database.")
  static final class ListTokens implements Callable<Integer> {
    @Mixin LocalOptions local;

    @Option(names = "--email", description = "Only this user's tokens")
    String email;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text (default) or json")
    ClientOptions.OutputFormat output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<TokenInfo> tokens =
          onDatabase(local, identities -> identities.listTokens(Optional.ofNullable(email)));
      Printer printer = new Printer(spec.commandLine().getOut());
      if (output == ClientOptions.OutputFormat.json) {
        printer.json(
            dev.slipway.api.Json.mapper()
                .valueToTree(tokens.stream().map(TokenCommand::view).toList()));
      } else {
        printer.table(
            List.of("ID", "EMAIL", "LABEL", "CREATED", "REVOKED"),
            tokens.stream()
                .map(
                    token ->
                        List.of(
                            String.valueOf(token.id()),
                            token.email(),
                            token.label(),
                            token.createdAt().toString(),
                            token.revokedAt().map(Instant::toString).orElse("")))
                .toList());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway token revoke ID --name N --email E}. */
  @Command(
      name = "revoke",
      description =
          "Revoke an API token, directly in the server's database: it authenticates no one from"
              + " then on. Audited.")
  static final class Revoke implements Callable<Integer> {
    @Mixin LocalOptions local;

    @Parameters(index = "0", description = "The token's id (slipway token list)")
    long id;

    @Option(names = "--name", required = true, description = "Who revokes it, for the audit log")
    String name;

    @Option(names = "--email", required = true, description = "Their email, for the audit log")
    String email;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Actor actor = Actor.person(name, email);
      TokenInfo token =
          onDatabase(local, identities -> identities.revokeToken(id, actor, Optional.empty()));
      spec.commandLine()
          .getOut()
          .println(
              "Revoked token " + token.id() + " (" + token.label() + ") of " + token.email() + ".");
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> view(TokenInfo token) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", token.id());
    view.put("email", token.email());
    view.put("label", token.label());
    view.put("createdAt", token.createdAt().toString());
    token.revokedAt().ifPresent(at -> view.put("revokedAt", at.toString()));
    return view;
  }

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
      IssuedToken token =
          onDatabase(
              local, identities -> identities.createToken(name, email, label, Optional.empty()));
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
