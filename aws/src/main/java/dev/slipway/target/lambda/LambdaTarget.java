package dev.slipway.target.lambda;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.target.Target;

/**
 * One alias of one AWS Lambda function, such as {@code notify-lambda:live}.
 *
 * <p>The value it sets has two forms, because the engine restores a target by applying the value it
 * recorded as replaced. A deploy sets new code: {@code image:<uri>} for a container image function
 * or {@code s3:<bucket>/<key>} for a zip package; the deployer updates the function's code,
 * publishes a version and moves the alias to it. The value it reports as replaced is the version
 * the alias pointed at before, {@code version:<n>}; applying that value (a rollback) moves the
 * alias back to that version without touching the code.
 */
public final class LambdaTarget implements Target {
  private final LambdaTargetSettings settings;
  private final LambdaDeployer deployer;

  LambdaTarget(LambdaTargetSettings settings, LambdaDeployer deployer) {
    this.settings = requireNonNull(settings, "settings is null");
    this.deployer = requireNonNull(deployer, "deployer is null");
  }

  public LambdaTargetSettings settings() {
    return settings;
  }

  @Override
  public String description() {
    return describe(settings);
  }

  static String describe(LambdaTargetSettings settings) {
    return "lambda "
        + settings.function()
        + ":"
        + settings.alias()
        + settings.connection().region().map(region -> " in " + region).orElse("");
  }

  @Override
  public String valueFor(Build build) {
    return settings.codeFor(build, description()).text();
  }

  @Override
  public LambdaDeployer deployer() {
    return deployer;
  }

  @Override
  public String toString() {
    return description();
  }
}
