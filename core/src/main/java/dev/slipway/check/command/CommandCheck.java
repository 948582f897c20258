package dev.slipway.check.command;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.check.Check;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.process.CommandResult;
import dev.slipway.process.CommandRun;
import dev.slipway.process.CommandSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a program once per check run. Exit code 0 passes; another exit code, a timeout or a program
 * that cannot start fails, with the last output lines as the detail. The output is not streamed
 * anywhere: a check runs every interval, and only the tail of a failing run is worth a line in the
 * step log.
 */
public final class CommandCheck implements Check {
  private final CommandSettings settings;
  private final Duration interval;
  private final int failureThreshold;
  private final CommandRun run;

  CommandCheck(CommandSettings settings, Duration interval, int failureThreshold) {
    this.settings = requireNonNull(settings, "settings is null");
    this.interval = requireNonNull(interval, "interval is null");
    this.failureThreshold = failureThreshold;
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
  public Duration interval() {
    return interval;
  }

  @Override
  public int failureThreshold() {
    return failureThreshold;
  }

  @Override
  public CheckResult run(CheckRequest request) {
    requireNonNull(request, "request is null");
    CommandResult result = run.run(variables(request), line -> {});
    if (result.succeeded()) {
      return CheckResult.passed(
          result.tail().isEmpty()
              ? "exited with 0"
              : "exited with 0: " + result.tail().get(result.tail().size() - 1));
    }
    return CheckResult.failed(result.describe(settings.timeout()));
  }

  static Map<String, String> variables(CheckRequest request) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("SLIPWAY_ENVIRONMENT", request.environment().value());
    variables.put("SLIPWAY_COMPONENT", request.component().value());
    variables.put("SLIPWAY_CHECK_STAGE", request.stage().name().toLowerCase(Locale.ROOT));
    request
        .expectedVersion()
        .ifPresent(
            expected -> {
              variables.put("SLIPWAY_EXPECTED_VERSION", expected);
              variables.put("SLIPWAY_COMMIT", expected);
              variables.put(
                  "SLIPWAY_SHORT_COMMIT",
                  expected.length() > CommitSha.SHORT_LENGTH
                      ? expected.substring(0, CommitSha.SHORT_LENGTH)
                      : expected);
            });
    return variables;
  }
}
