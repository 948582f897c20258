package dev.slipway.target.command;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.error.SlipwayException;
import dev.slipway.process.CommandResult;
import dev.slipway.process.CommandRun;
import dev.slipway.process.CommandSettings;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployAction;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Deployer;
import dev.slipway.target.Target;
import dev.slipway.target.TargetChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys by running a program: its value is the build's commit, handed to the program in {@code
 * SLIPWAY_COMMIT}; a restore runs the same program with the previous commit and {@code
 * SLIPWAY_ACTION=restore}. Exit code 0 is success.
 *
 * <p>Nothing outside the program records what it did, so a server restarted in the middle of a
 * deploy runs it again with the same {@code SLIPWAY_OPERATION}: the program must be idempotent, as
 * {@code terraform apply} is.
 */
public final class CommandTarget implements Target, Deployer {
  private final CommandSettings settings;
  private final CommandRun run;

  CommandTarget(CommandSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.run = new CommandRun(settings);
  }

  public CommandSettings settings() {
    return settings;
  }

  @Override
  public String description() {
    return "command " + settings.describe();
  }

  @Override
  public String valueFor(Build build) {
    return build.commit().value();
  }

  @Override
  public Deployer deployer() {
    return this;
  }

  @Override
  public AppliedOperation apply(DeployOperation operation) {
    requireNonNull(operation, "operation is null");
    List<AppliedChange> applied = new ArrayList<>();
    for (TargetChange change : operation.changes()) {
      String name = change.component() + " " + description();
      operation
          .log()
          .note(
              "Running "
                  + name
                  + (operation.action() == DeployAction.RESTORE ? " to restore " : " for ")
                  + shortCommit(change.value()));
      CommandResult result =
          run.run(variables(operation, change), line -> operation.log().note(name + ": " + line));
      if (result.dropped() > 0) {
        operation
            .log()
            .note(name + ": " + result.dropped() + " more output lines were not kept in this log");
      }
      if (!result.succeeded()) {
        throw SlipwayException.externalTerminal(
            name + " for " + operation.id() + " " + result.describe(settings.timeout()), null);
      }
      operation.log().note(name + " finished in " + result.took().toSeconds() + "s");
      applied.add(new AppliedChange(change, change.replacing()));
    }
    return new AppliedOperation(Optional.empty(), applied, false);
  }

  /** The {@code SLIPWAY_*} variables describing one change; unknown ones are left unset. */
  static Map<String, String> variables(DeployOperation operation, TargetChange change) {
    Map<String, String> variables = new LinkedHashMap<>();
    operation.environment().ifPresent(name -> variables.put("SLIPWAY_ENVIRONMENT", name.value()));
    variables.put("SLIPWAY_COMPONENT", change.component().value());
    variables.put("SLIPWAY_COMMIT", change.value());
    variables.put("SLIPWAY_SHORT_COMMIT", shortCommit(change.value()));
    change.build().flatMap(Build::image).ifPresent(image -> variables.put("SLIPWAY_IMAGE", image));
    change.replacing().ifPresent(previous -> variables.put("SLIPWAY_PREVIOUS_COMMIT", previous));
    variables.put("SLIPWAY_OPERATION", operation.id());
    variables.put("SLIPWAY_ACTION", operation.action().name().toLowerCase(Locale.ROOT));
    return variables;
  }

  private static String shortCommit(String commit) {
    return commit.length() > CommitSha.SHORT_LENGTH
        ? commit.substring(0, CommitSha.SHORT_LENGTH)
        : commit;
  }

  @Override
  public String toString() {
    return description();
  }
}
