package dev.slipway.check.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.check.CheckOutcome;
import dev.slipway.check.CheckRequest;
import dev.slipway.check.CheckResult;
import dev.slipway.check.CheckStage;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.testing.TestingAwsServer;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class CloudWatchAlarmCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ERRORS = "notify-lambda-errors";
  private static final String THROTTLES = "notify-lambda-throttles";

  private TestingAwsServer aws;

  @BeforeEach
  void setUp() {
    aws = TestingAwsServer.start();
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  @Test
  void passesWhenEveryAlarmIsOk() {
    aws.setAlarm(ERRORS, "OK", "Threshold Crossed: no datapoints were above 5");
    aws.setCompositeAlarm(THROTTLES, "OK", "all children OK");

    CheckResult result = check(ERRORS, THROTTLES).run(request(CheckStage.BAKE));

    assertThat(result).isEqualTo(CheckResult.passed("all 2 alarms are OK"));
    assertThat(aws.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.path())
                  .isEqualTo("/service/GraniteServiceVersion20100801/operation/DescribeAlarms");
              assertThat(request.body().path("AlarmNames").toString())
                  .isEqualTo("[\"" + ERRORS + "\",\"" + THROTTLES + "\"]");
              assertThat(request.body().path("AlarmTypes").toString())
                  .isEqualTo("[\"MetricAlarm\",\"CompositeAlarm\"]");
            });
  }

  @Test
  void failsNamingTheAlarmsInAlarmWithTheirReasonInEitherStage() {
    aws.setAlarm(ERRORS, "ALARM", "Threshold Crossed: 1 datapoint [12.0] was greater than 5.0");
    aws.setAlarm(THROTTLES, "OK", "fine");

    for (CheckStage stage : CheckStage.values()) {
      CheckResult result = check(ERRORS, THROTTLES).run(request(stage));

      assertThat(result)
          .isEqualTo(
              CheckResult.failed(
                  "in ALARM: notify-lambda-errors (Threshold Crossed: 1 datapoint [12.0] was"
                      + " greater than 5.0)"));
    }
  }

  @Test
  void insufficientDataIsPendingDuringTheRolloutAndAFailureDuringTheBake() {
    aws.setAlarm(ERRORS, "INSUFFICIENT_DATA", "Insufficient Data: 1 datapoint was unknown");

    assertThat(check(ERRORS).run(request(CheckStage.ROLLOUT)))
        .isEqualTo(CheckResult.pending("INSUFFICIENT_DATA: notify-lambda-errors"));
    assertThat(check(ERRORS).run(request(CheckStage.BAKE)))
        .isEqualTo(CheckResult.failed("INSUFFICIENT_DATA: notify-lambda-errors"));
  }

  @Test
  void failsNamingAnAlarmThatDoesNotExist() {
    aws.setAlarm(ERRORS, "OK", "fine");

    CheckResult result = check(ERRORS, "notify-lambda-erors").run(request(CheckStage.ROLLOUT));

    assertThat(result)
        .isEqualTo(CheckResult.failed("no such alarm in ca-central-1: notify-lambda-erors"));
  }

  @Test
  void reportsAnUnreadableAnswerAsNotYetDuringTheRolloutAndAFailureDuringTheBake() {
    aws.setAlarm(ERRORS, "OK", "fine");
    aws.failNext("DescribeAlarms", 10, 500, "InternalServiceError", "try again");

    CheckResult rollout = check(ERRORS).run(request(CheckStage.ROLLOUT));
    CheckResult bake = check(ERRORS).run(request(CheckStage.BAKE));

    assertThat(rollout.outcome()).isEqualTo(CheckOutcome.PENDING);
    assertThat(rollout.detail()).startsWith("could not read the alarms: InternalServiceError");
    assertThat(bake.outcome()).isEqualTo(CheckOutcome.FAILED);
  }

  @Test
  void failsAtOnceWhenAccessIsDenied() {
    aws.failNext(
        "DescribeAlarms",
        1,
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/slipway is not authorized to perform:"
            + " cloudwatch:DescribeAlarms");

    CheckResult result = check(ERRORS).run(request(CheckStage.ROLLOUT));

    assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
    assertThat(result.detail())
        .startsWith("could not read the alarms: AccessDenied")
        .contains("cloudwatch:DescribeAlarms");
  }

  private CloudWatchAlarmCheck check(String... alarms) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "cloudwatch-alarm");
    node.putArray("alarms")
        .addAll(List.of(alarms).stream().map(JSON.getNodeFactory()::textNode).toList());
    node.put("region", "ca-central-1");
    node.put("endpoint", aws.endpoint().toString());
    return (CloudWatchAlarmCheck)
        new CloudWatchAlarmCheckType()
            .create(
                new PluginConfig(
                    "cloudwatch-alarm",
                    node,
                    "environments.staging.components.notify-lambda.checks[0]"),
                new PluginContext(
                    new SlipwayConfig(Path.of("slipway.yaml"), Map.of(), Map.of(), Map.of()),
                    Path.of("slipway-data"),
                    name -> Optional.empty(),
                    new TestingClock()));
  }

  private static CheckRequest request(CheckStage stage) {
    return new CheckRequest(
        EnvironmentName.of("staging"),
        ComponentName.of("notify-lambda"),
        stage,
        Optional.of("a1b2c3d"));
  }
}
