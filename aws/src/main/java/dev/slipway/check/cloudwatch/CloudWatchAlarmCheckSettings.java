package dev.slipway.check.cloudwatch;

import static java.util.Objects.requireNonNull;

import dev.slipway.aws.AwsConnection;
import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.SettingsReader;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings of one {@code cloudwatch-alarm} check.
 *
 * @param alarms the alarm names, 1 to 100 of them (what one DescribeAlarms call takes)
 * @param interval how often the alarms are read
 * @param failureThreshold how many failed reads in a row fail the promotion
 * @param connection the region and endpoint
 */
public record CloudWatchAlarmCheckSettings(
    List<String> alarms, Duration interval, int failureThreshold, AwsConnection connection) {
  /** Alarms are evaluated once a minute at best; reading them more often only repeats answers. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /**
   * An alarm already waits for its own datapoints before it fires, so one ALARM is enough; the
   * check is read twice so that one failed call to CloudWatch does not roll a deploy back.
   */
  public static final int DEFAULT_FAILURE_THRESHOLD = 2;

  public static final int MAX_ALARMS = 100;

  private static final Set<String> KNOWN =
      Set.of("alarms", "interval", "failureThreshold", "region", "endpoint");

  public CloudWatchAlarmCheckSettings {
    alarms = List.copyOf(requireNonNull(alarms, "alarms is null"));
    requireNonNull(interval, "interval is null");
    requireNonNull(connection, "connection is null");
    if (alarms.isEmpty()) {
      throw SlipwayException.invalid(
          "alarms", "'alarms' needs at least one alarm name, such as notify-lambda-errors");
    }
    if (alarms.size() > MAX_ALARMS) {
      throw SlipwayException.invalid(
          "alarms",
          "'alarms' names %d alarms; one check reads at most %d",
          alarms.size(),
          MAX_ALARMS);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < alarms.size(); i++) {
      String alarm = alarms.get(i);
      if (alarm.length() > 255) {
        throw SlipwayException.invalid(
            "alarms[" + i + "]",
            "alarm name '%s…' is longer than 255 characters",
            alarm.substring(0, 40));
      }
      if (!seen.add(alarm)) {
        throw SlipwayException.invalid("alarms[" + i + "]", "alarm '%s' is named twice", alarm);
      }
    }
    if (interval.isNegative() || interval.isZero()) {
      throw SlipwayException.invalid(
          "interval", "interval must be longer than zero, not %s", Durations.format(interval));
    }
    if (failureThreshold < 1) {
      throw SlipwayException.invalid(
          "failureThreshold", "failureThreshold must be at least 1, not %d", failureThreshold);
    }
  }

  /** Reads a check entry; an unknown key is an error rather than ignored. */
  public static CloudWatchAlarmCheckSettings from(PluginConfig config) {
    SettingsReader settings =
        SettingsReader.of(config, "a " + CloudWatchAlarmCheckType.NAME + " check", KNOWN);
    if (!settings.has("alarms")) {
      throw SlipwayException.invalid(
          "alarms", "'alarms' is required for a %s check", CloudWatchAlarmCheckType.NAME);
    }
    return new CloudWatchAlarmCheckSettings(
        settings.textList("alarms"),
        settings.duration("interval").orElse(DEFAULT_INTERVAL),
        settings.integer("failureThreshold").orElse(DEFAULT_FAILURE_THRESHOLD),
        AwsConnection.from(settings));
  }
}
