package dev.slipway.target.lambda;

import static java.util.Objects.requireNonNull;

import dev.slipway.aws.AwsConnection;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.target.Target;
import dev.slipway.target.TargetType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The {@code lambda} target type.
 *
 * <pre>{@code
 * - type: lambda
 *   function: notify-lambda          # name or ARN
 *   alias: live
 *   imageUri: 123456789012.dkr.ecr.ca-central-1.amazonaws.com/notify-lambda:{shortCommit}
 *   # or, for a zip package: s3Bucket: notify-lambda-packages, s3Key: "notify-{commit}.zip"
 *   trafficShift: {weight: 10, period: 5m}   # optional
 *   region: ca-central-1             # optional; else the SDK's default chain
 * }</pre>
 *
 * <p>Each target has its own deployer, so each is applied in an operation of its own; targets with
 * the same region and endpoint share one SDK client, made on the first deploy rather than here:
 * finding a default region may ask the instance metadata service, and creating a target must not do
 * I/O.
 */
public final class LambdaTargetType implements TargetType {
  public static final String NAME = "lambda";

  /** How often a code update's status is asked for; Lambda's own waiters poll about as often. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  private final Pause pause;
  private final Duration pollInterval;
  private final Map<AwsConnection, LambdaClient> clients = new ConcurrentHashMap<>();

  /** The type the server finds through {@code META-INF/services}: sleeps while it waits. */
  public LambdaTargetType() {
    this(Pause.sleeping(), DEFAULT_POLL_INTERVAL);
  }

  public LambdaTargetType(Pause pause, Duration pollInterval) {
    this.pause = requireNonNull(pause, "pause is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Target create(PluginConfig config, PluginContext context) {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    LambdaTargetSettings settings = LambdaTargetSettings.from(config);
    String description = LambdaTarget.describe(settings);
    LambdaDeployer deployer =
        new LambdaDeployer(
            settings,
            description,
            () ->
                clients.computeIfAbsent(
                    settings.connection(),
                    connection ->
                        connection.build(
                            LambdaClient.builder().httpClientBuilder(Apache5HttpClient.builder()),
                            description)),
            context.clock(),
            pause,
            pollInterval);
    return new LambdaTarget(settings, deployer);
  }
}
