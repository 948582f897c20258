package dev.slipway.target.lambda;

import static java.util.Objects.requireNonNull;

import dev.slipway.aws.AwsErrors;
import dev.slipway.config.Durations;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Deployer;
import dev.slipway.target.TargetChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;

/**
 * Applies one {@code lambda} target: new code is uploaded, published as a version and the alias
 * moved to it (through a traffic shift when one is configured); a recorded version is restored by
 * moving the alias back to it.
 *
 * <p>Idempotent per operation id through two records in Lambda itself: the version published for an
 * operation carries {@code Slipway-Operation: <id>} in its description, so a repeated apply finds
 * it instead of publishing again, and the alias' description is set to {@code Slipway-Operation:
 * <id>; replaced version <n>} when the alias is moved, so a repeated apply sees that the operation
 * took effect and what it replaced. Slipway owns the description of the alias it deploys to.
 */
public final class LambdaDeployer implements Deployer {
  private static final String MARKER = "Slipway-Operation: ";
  private static final Pattern ALIAS_MARKER =
      Pattern.compile(Pattern.quote(MARKER) + "(\\S+); replaced version (\\S+)");

  /** Lambda's limit on version and alias descriptions. */
  private static final int DESCRIPTION_LIMIT = 256;

  private final LambdaTargetSettings settings;
  private final String description;
  private final Supplier<LambdaClient> client;
  private final Clock clock;
  private final Pause pause;
  private final Duration pollInterval;

  LambdaDeployer(
      LambdaTargetSettings settings,
      String description,
      Supplier<LambdaClient> client,
      Clock clock,
      Pause pause,
      Duration pollInterval) {
    this.settings = requireNonNull(settings, "settings is null");
    this.description = requireNonNull(description, "description is null");
    this.client = requireNonNull(client, "client is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.pause = requireNonNull(pause, "pause is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
  }

  @Override
  public AppliedOperation apply(DeployOperation operation) {
    requireNonNull(operation, "operation is null");
    if (operation.changes().size() != 1) {
      throw SlipwayException.internal(
          "operation "
              + operation.id()
              + " has "
              + operation.changes().size()
              + " changes for "
              + description
              + "; a lambda target is applied on its own",
          null);
    }
    TargetChange change = operation.changes().get(0);
    LambdaValue value = LambdaValue.parse(change.value(), description);
    LambdaClient lambda = client.get();
    GetAliasResponse alias =
        call(
            "reading alias " + settings.alias() + " of lambda function " + settings.function(),
            () -> lambda.getAlias(r -> r.functionName(settings.function()).name(settings.alias())));
    Optional<String> replaced = replacedBy(alias.description(), operation.id());
    if (replaced.isPresent()) {
      operation
          .log()
          .note(
              settings.function()
                  + ":"
                  + settings.alias()
                  + " already points at version "
                  + alias.functionVersion()
                  + " for "
                  + operation.id());
      return applied(change, alias.functionVersion(), replaced.get(), true);
    }
    String previous = alias.functionVersion();
    String version;
    if (value instanceof LambdaValue.PublishedVersion restore) {
      version = restore.version();
    } else {
      version = publish(lambda, operation, value);
      Optional<TrafficShift> shift = settings.trafficShift();
      if (shift.isPresent() && !version.equals(previous)) {
        shift(lambda, operation, shift.get(), previous, version);
      }
    }
    String aliasDescription = MARKER + operation.id() + "; replaced version " + previous;
    call(
        "moving alias " + settings.alias() + " of lambda function " + settings.function(),
        () ->
            lambda.updateAlias(
                r ->
                    r.functionName(settings.function())
                        .name(settings.alias())
                        .functionVersion(version)
                        .routingConfig(
                            AliasRoutingConfiguration.builder()
                                .additionalVersionWeights(Map.of())
                                .build())
                        .description(aliasDescription)));
    operation
        .log()
        .note(
            "Moved "
                + settings.function()
                + ":"
                + settings.alias()
                + " from version "
                + previous
                + " to version "
                + version);
    return applied(change, version, previous, false);
  }

  private AppliedOperation applied(
      TargetChange change, String version, String previous, boolean resumed) {
    return new AppliedOperation(
        Optional.of(settings.function() + ":" + version),
        List.of(
            new AppliedChange(
                change, Optional.of(new LambdaValue.PublishedVersion(previous).text()))),
        resumed);
  }

  /**
   * The version holding the operation's code: the one published for it earlier, or a new one once
   * the code is updated.
   */
  private String publish(LambdaClient lambda, DeployOperation operation, LambdaValue code) {
    String marker = MARKER + operation.id();
    Optional<String> earlier =
        call(
            "listing the versions of lambda function " + settings.function(),
            () ->
                lambda
                    .listVersionsByFunctionPaginator(r -> r.functionName(settings.function()))
                    .versions()
                    .stream()
                    .filter(published -> isMarked(published.description(), marker))
                    .map(FunctionConfiguration::version)
                    .findFirst());
    if (earlier.isPresent()) {
      operation
          .log()
          .note(
              "Found version "
                  + earlier.get()
                  + " of "
                  + settings.function()
                  + " published earlier for "
                  + operation.id());
      return earlier.get();
    }
    String updating = "updating the code of lambda function " + settings.function();
    awaitUpdate(lambda, updating, false);
    UpdateFunctionCodeRequest.Builder request =
        UpdateFunctionCodeRequest.builder().functionName(settings.function());
    if (code instanceof LambdaValue.Image image) {
      request.imageUri(image.uri());
    } else if (code instanceof LambdaValue.S3Object object) {
      request.s3Bucket(object.bucket()).s3Key(object.key());
    }
    operation.log().note("Updating the code of " + settings.function() + " to " + code.text());
    call(updating, () -> lambda.updateFunctionCode(request.build()));
    GetFunctionConfigurationResponse updated = awaitUpdate(lambda, updating, true);
    String published =
        call(
            "publishing a version of lambda function " + settings.function(),
            () ->
                lambda
                    .publishVersion(
                        r ->
                            r.functionName(settings.function())
                                .codeSha256(updated.codeSha256())
                                .description(versionDescription(marker, operation.subject())))
                    .version());
    operation.log().note("Published version " + published + " of " + settings.function());
    return published;
  }

  /**
   * Waits while the function's last update is in progress.
   *
   * @param ours whether the update is the one this deploy started, whose failure ends the deploy;
   *     an earlier failed update does not stop a new one
   */
  private GetFunctionConfigurationResponse awaitUpdate(
      LambdaClient lambda, String updating, boolean ours) {
    Instant deadline = clock.instant().plus(settings.updateTimeout());
    while (true) {
      GetFunctionConfigurationResponse configuration =
          call(
              "reading the configuration of lambda function " + settings.function(),
              () -> lambda.getFunctionConfiguration(r -> r.functionName(settings.function())));
      LastUpdateStatus status = configuration.lastUpdateStatus();
      if (status != LastUpdateStatus.IN_PROGRESS) {
        if (ours && status == LastUpdateStatus.FAILED) {
          throw SlipwayException.externalTerminal(
              updating
                  + " failed: "
                  + Optional.ofNullable(configuration.lastUpdateStatusReason())
                      .orElse("Lambda gave no reason")
                  + Optional.ofNullable(configuration.lastUpdateStatusReasonCodeAsString())
                      .map(code -> " (" + code + ")")
                      .orElse(""),
              null);
        }
        return configuration;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw SlipwayException.externalTerminal(
            updating
                + (ours ? "" : " must wait for an earlier update, which")
                + " did not finish within "
                + Durations.format(settings.updateTimeout())
                + " (updateTimeout)",
            null);
      }
      waitFor(pollInterval);
    }
  }

  private void shift(
      LambdaClient lambda,
      DeployOperation operation,
      TrafficShift shift,
      String previous,
      String version) {
    call(
        "shifting traffic of alias "
            + settings.alias()
            + " of lambda function "
            + settings.function(),
        () ->
            lambda.updateAlias(
                r ->
                    r.functionName(settings.function())
                        .name(settings.alias())
                        .functionVersion(previous)
                        .routingConfig(
                            AliasRoutingConfiguration.builder()
                                .additionalVersionWeights(Map.of(version, shift.weight() / 100.0))
                                .build())));
    String period = Durations.format(shift.period());
    operation
        .log()
        .note(
            "Routing "
                + shift.weight()
                + "% of "
                + settings.function()
                + ":"
                + settings.alias()
                + " to version "
                + version
                + " and the rest to version "
                + previous
                + " for "
                + period);
    waitFor(shift.period());
    operation
        .log()
        .note(
            "Traffic shift of "
                + settings.function()
                + ":"
                + settings.alias()
                + " ran for "
                + period
                + "; moving all traffic to version "
                + version);
  }

  private void waitFor(Duration duration) {
    try {
      pause.pause(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SlipwayException.internal("interrupted while deploying " + description, e);
    }
  }

  /** What an operation replaced, when the alias' description says that operation moved it. */
  static Optional<String> replacedBy(String aliasDescription, String operationId) {
    if (aliasDescription == null) {
      return Optional.empty();
    }
    Matcher matcher = ALIAS_MARKER.matcher(aliasDescription);
    if (matcher.find() && matcher.group(1).equals(operationId)) {
      return Optional.of(matcher.group(2));
    }
    return Optional.empty();
  }

  private static boolean isMarked(String versionDescription, String marker) {
    return versionDescription != null
        && (versionDescription.equals(marker) || versionDescription.startsWith(marker + "; "));
  }

  /** {@code Slipway-Operation: <id>; Deploy api@f3d0498 to staging}, cut to Lambda's limit. */
  private static String versionDescription(String marker, String subject) {
    String text = marker + "; " + subject;
    return text.length() <= DESCRIPTION_LIMIT ? text : text.substring(0, DESCRIPTION_LIMIT);
  }

  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, what);
    }
  }
}
