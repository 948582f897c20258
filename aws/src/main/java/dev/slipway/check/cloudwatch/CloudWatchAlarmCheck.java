package dev.slipway.check.cloudwatch;

import static java.util.Objects.requireNonNull;

import dev.slipway.aws.AwsErrors;
import dev.slipway.check.Check;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Reads the named CloudWatch alarms (metric and composite). Every alarm OK passes. An alarm in
 * ALARM fails, in either stage. An alarm with INSUFFICIENT_DATA is "not yet" during the rollout (a
 * new version may not have sent datapoints yet) and a failure during the bake, when silence means
 * the alarm cannot vouch for the release. A named alarm that does not exist fails: a misspelt name
 * can only be found by asking.
 */
public final class CloudWatchAlarmCheck implements Check {
  private static final int LONGEST_REASON = 200;

  private final CloudWatchAlarmCheckSettings settings;
  private final Supplier<CloudWatchClient> client;

  CloudWatchAlarmCheck(CloudWatchAlarmCheckSettings settings, Supplier<CloudWatchClient> client) {
    this.settings = requireNonNull(settings, "settings is null");
    this.client = requireNonNull(client, "client is null");
  }

  public CloudWatchAlarmCheckSettings settings() {
    return settings;
  }

  @Override
  public String description() {
    return describe(settings);
  }

  static String describe(CloudWatchAlarmCheckSettings settings) {
    return "CloudWatch alarm"
        + (settings.alarms().size() == 1 ? " " : "s ")
        + String.join(", ", settings.alarms())
        + settings.connection().region().map(region -> " in " + region).orElse("");
  }

  @Override
  public Duration interval() {
    return settings.interval();
  }

  @Override
  public int failureThreshold() {
    return settings.failureThreshold();
  }

  @Override
  public CheckResult run(CheckRequest request) {
    requireNonNull(request, "request is null");
    boolean rollout = request.stage() == CheckStage.ROLLOUT;
    Map<String, Alarm> alarms;
    try {
      alarms = describeAlarms();
    } catch (SdkException e) {
      String detail = "could not read the alarms: " + AwsErrors.reason(e);
      return rollout && !AwsErrors.isAccessDenied(e)
          ? CheckResult.pending(detail)
          : CheckResult.failed(detail);
    } catch (SlipwayException e) {
      return CheckResult.failed(e.getMessage());
    }
    List<String> missing = new ArrayList<>();
    List<String> firing = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    for (String name : settings.alarms()) {
      Alarm alarm = alarms.get(name);
      if (alarm == null) {
        missing.add(name);
      } else if (alarm.state() == StateValue.ALARM) {
        firing.add(name + " (" + shortened(alarm.reason()) + ")");
      } else if (alarm.state() != StateValue.OK) {
        silent.add(name);
      }
    }
    List<String> problems = new ArrayList<>();
    if (!firing.isEmpty()) {
      problems.add("in ALARM: " + String.join("; ", firing));
    }
    if (!missing.isEmpty()) {
      problems.add(
          "no such alarm"
              + settings.connection().region().map(region -> " in " + region).orElse("")
              + ": "
              + String.join(", ", missing));
    }
    if (!silent.isEmpty()) {
      problems.add("INSUFFICIENT_DATA: " + String.join(", ", silent));
    }
    if (problems.isEmpty()) {
      return CheckResult.passed(
          (settings.alarms().size() == 1
                  ? "alarm is"
                  : "all " + settings.alarms().size() + " alarms are")
              + " OK");
    }
    String detail = String.join("; ", problems);
    boolean onlySilent = firing.isEmpty() && missing.isEmpty();
    return rollout && onlySilent ? CheckResult.pending(detail) : CheckResult.failed(detail);
  }

  private Map<String, Alarm> describeAlarms() {
    CloudWatchClient cloudWatch = client.get();
    Map<String, Alarm> alarms = new LinkedHashMap<>();
    Optional<String> next = Optional.empty();
    do {
      Optional<String> token = next;
      DescribeAlarmsResponse response =
          cloudWatch.describeAlarms(
              r ->
                  r.alarmNames(settings.alarms())
                      .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                      .maxRecords(CloudWatchAlarmCheckSettings.MAX_ALARMS)
                      .nextToken(token.orElse(null)));
      response
          .metricAlarms()
          .forEach(
              alarm ->
                  alarms.put(
                      alarm.alarmName(), new Alarm(alarm.stateValue(), alarm.stateReason())));
      response
          .compositeAlarms()
          .forEach(
              alarm ->
                  alarms.put(
                      alarm.alarmName(), new Alarm(alarm.stateValue(), alarm.stateReason())));
      next = Optional.ofNullable(response.nextToken()).filter(text -> !text.isEmpty());
    } while (next.isPresent());
    return alarms;
  }

  private static String shortened(String reason) {
    if (reason == null || reason.isBlank()) {
      return "no reason given";
    }
    String line = reason.lines().findFirst().orElse("").trim();
    return line.length() > LONGEST_REASON ? line.substring(0, LONGEST_REASON) + "…" : line;
  }

  private record Alarm(StateValue state, String reason) {}
}
