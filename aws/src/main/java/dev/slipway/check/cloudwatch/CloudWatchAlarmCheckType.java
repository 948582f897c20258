package dev.slipway.check.cloudwatch;

import static java.util.Objects.requireNonNull;

import dev.slipway.aws.AwsConnection;
import dev.slipway.check.Check;
import dev.slipway.check.CheckType;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The {@code cloudwatch-alarm} check type. Its settings: {@code alarms} (required), {@code region}
 * and {@code endpoint} (optional), {@code interval} (default 30s) and {@code failureThreshold}
 * (default 2). Checks with the same region and endpoint share one SDK client, made on the first
 * run.
 */
public final class CloudWatchAlarmCheckType implements CheckType {
  public static final String NAME = "cloudwatch-alarm";

  private final Map<AwsConnection, CloudWatchClient> clients = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check create(PluginConfig config, PluginContext context) {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    CloudWatchAlarmCheckSettings settings = CloudWatchAlarmCheckSettings.from(config);
    return new CloudWatchAlarmCheck(
        settings,
        () ->
            clients.computeIfAbsent(
                settings.connection(),
                connection ->
                    connection.build(
                        CloudWatchClient.builder().httpClientBuilder(Apache5HttpClient.builder()),
                        "check " + CloudWatchAlarmCheck.describe(settings))));
  }
}
