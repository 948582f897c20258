package dev.slipway.target.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingAwsServer;
import dev.slipway.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class LambdaTargetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ComponentName NOTIFY_LAMBDA = ComponentName.of("notify-lambda");
  private static final String REGISTRY = "123456789012.dkr.ecr.ca-central-1.amazonaws.com";
  private static final String OLD_IMAGE = REGISTRY + "/notify-lambda:0000000";
  private static final String NEW_IMAGE = REGISTRY + "/notify-lambda:a1b2c3d";
  private static final Build BUILD =
      new Build(
          7,
          NOTIFY_LAMBDA,
          CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"),
          "a1b2c3d",
          Optional.of(NEW_IMAGE),
          Optional.empty(),
          Instant.parse("2026-03-02T13:00:00Z"),
          Actor.person("CI", "ci@example.org"));
  private static final String DEPLOY_ID = "promotion-4.1772460000000-deploy";

  private final TestingClock clock = new TestingClock();
  private final List<Duration> pauses = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private Runnable duringPause = () -> {};
  private TestingAwsServer aws;
  private LambdaTargetType type;

  @BeforeEach
  void setUp() {
    aws = TestingAwsServer.start();
    aws.addImageFunction("notify-lambda", OLD_IMAGE, "live");
    type =
        new LambdaTargetType(
            duration -> {
              pauses.add(duration);
              duringPause.run();
              clock.advance(duration);
            },
            Duration.ofSeconds(2));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  @Test
  void deploysAnImagePublishesAVersionAndMovesTheAliasToIt() {
    LambdaTarget target = target("");

    AppliedOperation applied = target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(target.valueFor(BUILD)).isEqualTo("image:" + NEW_IMAGE);
    assertThat(aws.code("notify-lambda")).isEqualTo(NEW_IMAGE);
    assertThat(aws.versions("notify-lambda"))
        .extracting(TestingAwsServer.Version::number, TestingAwsServer.Version::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", OLD_IMAGE),
            org.assertj.core.groups.Tuple.tuple("2", NEW_IMAGE));
    assertThat(aws.versions("notify-lambda").get(1).description())
        .isEqualTo("Slipway-Operation: " + DEPLOY_ID + "; Deploy notify-lambda@a1b2c3d to staging");
    TestingAwsServer.Alias alias = aws.alias("notify-lambda", "live");
    assertThat(alias.version()).isEqualTo("2");
    assertThat(alias.routing()).isEmpty();
    assertThat(alias.description())
        .isEqualTo("Slipway-Operation: " + DEPLOY_ID + "; replaced version 1");
    assertThat(applied.resumed()).isFalse();
    assertThat(applied.reference()).contains("notify-lambda:2");
    assertThat(applied.changes().get(0).previousValue()).contains("version:1");
    assertThat(aws.operations())
        .containsExactly(
            "GetAlias",
            "ListVersionsByFunction",
            "GetFunctionConfiguration",
            "UpdateFunctionCode",
            "GetFunctionConfiguration",
            "GetFunctionConfiguration",
            "PublishVersion",
            "UpdateAlias");
    assertThat(log)
        .containsExactly(
            "Updating the code of notify-lambda to image:" + NEW_IMAGE,
            "Published version 2 of notify-lambda",
            "Moved notify-lambda:live from version 1 to version 2");
  }

  @Test
  void rendersTheImageUriTemplateWithTheBuild() {
    LambdaTarget target = target("\"imageUri\": \"" + REGISTRY + "/notify-lambda:{shortCommit}\"");

    target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(aws.requests().get(3).body().path("ImageUri").asText()).isEqualTo(NEW_IMAGE);
  }

  @Test
  void deploysAZipPackageFromS3() {
    aws.addZipFunction("heartbeat", "notify-packages", "heartbeat-0000000.zip", "live");
    LambdaTarget target =
        target(
            "\"function\": \"heartbeat\", \"s3Bucket\": \"notify-packages\","
                + " \"s3Key\": \"heartbeat-{shortCommit}.zip\"");

    AppliedOperation applied = target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(target.valueFor(BUILD)).isEqualTo("s3:notify-packages/heartbeat-a1b2c3d.zip");
    assertThat(aws.code("heartbeat")).isEqualTo("notify-packages/heartbeat-a1b2c3d.zip");
    assertThat(aws.requests().get(3).body().path("S3Bucket").asText()).isEqualTo("notify-packages");
    assertThat(aws.requests().get(3).body().path("S3Key").asText())
        .isEqualTo("heartbeat-a1b2c3d.zip");
    assertThat(aws.alias("heartbeat", "live").version()).isEqualTo("2");
    assertThat(applied.changes().get(0).previousValue()).contains("version:1");
  }

  @Test
  void waitsForTheCodeUpdateToFinishBeforePublishing() {
    aws.setPollsPerUpdate(3);
    duringPause =
        () ->
            assertThat(aws.versions("notify-lambda"))
                .as("nothing is published while the update runs")
                .hasSize(1);
    LambdaTarget target = target("");

    target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("2");
  }

  @Test
  void failsForGoodWithLambdasReasonWhenTheUpdateFails() {
    aws.failNextUpdate("notify-lambda", "Lambda does not have permission to access the ECR image.");
    LambdaTarget target = target("");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.category()).isEqualTo(ErrorCategory.EXTERNAL);
    assertThat(error.getMessage())
        .isEqualTo(
            "updating the code of lambda function notify-lambda failed: Lambda does not have"
                + " permission to access the ECR image. (ImageAccessDenied)");
    assertThat(aws.versions("notify-lambda")).hasSize(1);
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("1");
  }

  @Test
  void failsForGoodWhenTheUpdateDoesNotFinishWithinTheTimeout() {
    aws.setPollsPerUpdate(1000);
    LambdaTarget target = target("\"updateTimeout\": \"1m\"");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.getMessage())
        .isEqualTo(
            "updating the code of lambda function notify-lambda did not finish within 1m"
                + " (updateTimeout)");
    assertThat(pauses).hasSize(30);
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("1");
  }

  @Test
  void aRepeatedApplyWithTheSameIdIsResumedWithoutDeployingAgain() {
    LambdaTarget target = target("");
    target.deployer().apply(deploy(target, DEPLOY_ID));
    aws.clearRequests();
    log.clear();

    AppliedOperation again = target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(again.resumed()).isTrue();
    assertThat(again.changes().get(0).previousValue()).contains("version:1");
    assertThat(again.reference()).contains("notify-lambda:2");
    assertThat(aws.operations()).containsExactly("GetAlias");
    assertThat(aws.versions("notify-lambda")).hasSize(2);
    assertThat(log)
        .containsExactly("notify-lambda:live already points at version 2 for " + DEPLOY_ID);
  }

  @Test
  void aRepeatedApplyAfterPublishingMovesTheAliasToTheVersionItPublished() {
    LambdaTarget target = target("");
    aws.failNext("UpdateAlias", 1, 400, "InvalidParameterValueException", "refused in this test");
    assertThat(
            catchThrowableOfType(
                SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID))))
        .hasMessageContaining("refused in this test");
    assertThat(aws.versions("notify-lambda")).hasSize(2);
    aws.clearRequests();

    AppliedOperation again = target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(aws.operations())
        .containsExactly("GetAlias", "ListVersionsByFunction", "UpdateAlias");
    assertThat(aws.versions("notify-lambda")).hasSize(2);
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("2");
    assertThat(again.changes().get(0).previousValue()).contains("version:1");
    assertThat(log).contains("Found version 2 of notify-lambda published earlier for " + DEPLOY_ID);
  }

  @Test
  void restoresThePreviousVersionByMovingTheAliasBack() {
    LambdaTarget target = target("");
    AppliedOperation deployed = target.deployer().apply(deploy(target, DEPLOY_ID));
    aws.clearRequests();

    AppliedOperation restored =
        target
            .deployer()
            .apply(
                operation(
                    target,
                    "promotion-4.1772460000000-revert",
                    deployed.changes().get(0).previousValue().orElseThrow()));

    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("1");
    assertThat(aws.alias("notify-lambda", "live").routing()).isEmpty();
    assertThat(aws.code("notify-lambda")).as("the code is not touched").isEqualTo(NEW_IMAGE);
    assertThat(aws.operations()).containsExactly("GetAlias", "UpdateAlias");
    assertThat(restored.changes().get(0).previousValue()).contains("version:2");
    assertThat(restored.reference()).contains("notify-lambda:1");
  }

  @Test
  void shiftsTheConfiguredWeightForThePeriodThenMovesAllTraffic() {
    List<TestingAwsServer.Alias> seenDuringThePeriod = new ArrayList<>();
    duringPause = () -> seenDuringThePeriod.add(aws.alias("notify-lambda", "live"));
    aws.setPollsPerUpdate(0);
    LambdaTarget target = target("\"trafficShift\": {\"weight\": 10, \"period\": \"5m\"}");

    target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(pauses).containsExactly(Duration.ofMinutes(5));
    assertThat(seenDuringThePeriod)
        .singleElement()
        .satisfies(
            alias -> {
              assertThat(alias.version()).isEqualTo("1");
              assertThat(alias.routing()).isEqualTo(Map.of("2", 0.1));
            });
    TestingAwsServer.Alias after = aws.alias("notify-lambda", "live");
    assertThat(after.version()).isEqualTo("2");
    assertThat(after.routing()).isEmpty();
    assertThat(log)
        .contains(
            "Routing 10% of notify-lambda:live to version 2 and the rest to version 1 for 5m",
            "Traffic shift of notify-lambda:live ran for 5m; moving all traffic to version 2");
  }

  @Test
  void doesNotShiftWhenTheNewCodeIsTheVersionAlreadyLive() {
    LambdaTarget target = target("\"trafficShift\": {\"weight\": 10, \"period\": \"5m\"}");
    Build same =
        new Build(
            8,
            NOTIFY_LAMBDA,
            BUILD.commit(),
            "0000000",
            Optional.of(OLD_IMAGE),
            Optional.empty(),
            BUILD.registeredAt(),
            BUILD.registeredBy());

    target.deployer().apply(operation(target, DEPLOY_ID, target.valueFor(same)));

    assertThat(aws.versions("notify-lambda"))
        .as("Lambda publishes no copy of unchanged code")
        .hasSize(1);
    assertThat(pauses).doesNotContain(Duration.ofMinutes(5));
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("1");
  }

  @Test
  void namesTheFunctionWhenItDoesNotExist() {
    LambdaTarget target = target("\"function\": \"notify-lamda\"");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.getMessage())
        .isEqualTo(
            "reading alias live of lambda function notify-lamda failed: not found"
                + " (ResourceNotFoundException: Function not found:"
                + " arn:aws:lambda:ca-central-1:123456789012:function:notify-lamda)");
  }

  @Test
  void namesTheAliasWhenItDoesNotExist() {
    LambdaTarget target = target("\"alias\": \"production\"");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.getMessage())
        .startsWith("reading alias production of lambda function notify-lambda failed: not found")
        .contains("Alias not found");
  }

  @Test
  void saysWhichPermissionIsMissingWhenAccessIsDenied() {
    aws.failNext(
        "UpdateFunctionCode",
        1,
        403,
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/slipway is not authorized to perform:"
            + " lambda:UpdateFunctionCode on resource: notify-lambda");
    LambdaTarget target = target("");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.getMessage())
        .startsWith("updating the code of lambda function notify-lambda failed: access denied")
        .contains("lambda:UpdateFunctionCode")
        .endsWith("the credentials from the SDK's default chain need this permission");
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("1");
  }

  @Test
  void retriesThrottledCallsAndSucceedsWhenTheThrottlingStops() {
    aws.failNext("PublishVersion", 1, 429, "TooManyRequestsException", "Rate exceeded");
    LambdaTarget target = target("");

    target.deployer().apply(deploy(target, DEPLOY_ID));

    assertThat(aws.operations().stream().filter("PublishVersion"::equals)).hasSize(2);
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("2");
  }

  @Test
  void failsForGoodWhenThrottlingOutlastsTheSdksRetries() {
    aws.failNext("GetAlias", 10, 429, "TooManyRequestsException", "Rate exceeded");
    LambdaTarget target = target("");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isTrue();
    assertThat(error.getMessage())
        .isEqualTo(
            "reading alias live of lambda function notify-lambda failed: AWS kept throttling the"
                + " requests after the SDK's retries (TooManyRequestsException: Rate exceeded)");
    assertThat(aws.operations()).hasSizeGreaterThan(1).containsOnly("GetAlias");
  }

  @Test
  void leavesAConflictingUpdateToALaterAttempt() {
    aws.failNext(
        "UpdateFunctionCode",
        1,
        409,
        "ResourceConflictException",
        "The operation cannot be performed at this time. An update is in progress");
    LambdaTarget target = target("");

    SlipwayException error =
        catchThrowableOfType(
            SlipwayException.class, () -> target.deployer().apply(deploy(target, DEPLOY_ID)));

    assertThat(error.isTerminal()).isFalse();
    assertThat(error.getMessage()).contains("ResourceConflictException");
  }

  private LambdaTarget target(String extra) {
    String settings =
        "{\"type\": \"lambda\", \"alias\": \"live\", \"region\": \"ca-central-1\", \"endpoint\": \""
            + aws.endpoint()
            + "\""
            + (extra.contains("\"function\"") ? "" : ", \"function\": \"notify-lambda\"")
            + (extra.isEmpty() ? "" : ", " + extra)
            + "}";
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(settings);
      if (node.has("function") && extra.contains("\"alias\"")) {
        node.put("alias", JSON.readTree("{" + extra + "}").path("alias").asText());
      }
      return (LambdaTarget)
          type.create(
              new PluginConfig(
                  "lambda", node, "environments.staging.components.notify-lambda.targets[0]"),
              new PluginContext(
                  new SlipwayConfig(Path.of("slipway.yaml"), Map.of(), Map.of(), Map.of()),
                  Path.of("slipway-data"),
                  name -> Optional.empty(),
                  clock));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(settings, e);
    }
  }

  private DeployOperation deploy(LambdaTarget target, String id) {
    return operation(target, id, target.valueFor(BUILD));
  }

  private DeployOperation operation(LambdaTarget target, String id, String value) {
    return new DeployOperation(
        id,
        "Deploy notify-lambda@a1b2c3d to staging",
        "Promotion 4, requested by CI",
        List.of(new TargetChange(NOTIFY_LAMBDA, target, value)),
        log::add);
  }
}
