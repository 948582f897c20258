package dev.slipway.target.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionStep;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingAwsServer;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingSlipway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A promotion through the engine to a Lambda alias, verified by a CloudWatch alarm. */
final class LambdaPromotionTest {
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName NOTIFY_LAMBDA = ComponentName.of("notify-lambda");
  private static final String REGISTRY = "123456789012.dkr.ecr.ca-central-1.amazonaws.com";
  private static final String OLD_IMAGE = REGISTRY + "/notify-lambda:0000000";
  private static final CommitSha BAD = CommitSha.of("badbadbadbadbadbadbadbadbadbadbadbadbad0");
  private static final String ERRORS = "notify-lambda-errors";

  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingAwsServer aws;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    aws = TestingAwsServer.start();
    aws.addImageFunction("notify-lambda", OLD_IMAGE, "live");
    aws.setPollsPerUpdate(0);
    aws.setAlarm(ERRORS, "OK", "Threshold Crossed: no datapoints were above 5");
    String config =
        """
        components:
          notify-lambda: {}
        environments:
          staging:
            policy: automatic
            bakeTime: 5m
            rolloutTimeout: 5m
            components:
              notify-lambda:
                targets:
                  - type: lambda
                    function: notify-lambda
                    alias: live
                    imageUri: "%1$s/notify-lambda:{shortCommit}"
                    region: ca-central-1
                    endpoint: %2$s
                checks:
                  - type: cloudwatch-alarm
                    alarms: [%3$s]
                    interval: 30s
                    failureThreshold: 2
                    region: ca-central-1
                    endpoint: %2$s
        """
            .formatted(REGISTRY, aws.endpoint(), ERRORS);
    slipway = TestingSlipway.open(directory.resolve("slipway"), TestDatabase.H2, config, clock);
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    aws.close();
  }

  @Test
  void rollsTheAliasBackToThePreviousVersionWhenAnAlarmFiresDuringTheBake() {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                NOTIFY_LAMBDA, BAD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
    run();
    assertThat(aws.code("notify-lambda")).isEqualTo(REGISTRY + "/notify-lambda:badbadb");
    assertThat(aws.alias("notify-lambda", "live").version()).isEqualTo("2");
    advance(Duration.ofSeconds(30));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.VERIFYING);

    aws.setAlarm(ERRORS, "ALARM", "Threshold Crossed: 1 datapoint [12.0] was greater than 5.0");
    advance(Duration.ofSeconds(30));
    assertThat(latest().phase()).isEqualTo(PromotionPhase.VERIFYING);
    advance(Duration.ofSeconds(30));

    assertThat(latest().phase()).isEqualTo(PromotionPhase.ROLLING_BACK);
    assertThat(aws.alias("notify-lambda", "live").version())
        .as("the alias is back on the version it replaced")
        .isEqualTo("1");
    assertThat(aws.alias("notify-lambda", "live").routing()).isEmpty();

    aws.setAlarm(ERRORS, "OK", "Threshold Crossed: no datapoints were above 5");
    advance(Duration.ofSeconds(30));

    Promotion failed = latest();
    assertThat(failed.phase()).isEqualTo(PromotionPhase.FAILED);
    assertThat(failed.outcome().orElseThrow())
        .contains("CloudWatch alarm notify-lambda-errors in ca-central-1 failed 2 times in a row")
        .contains("in ALARM: notify-lambda-errors (Threshold Crossed");
    assertThat(slipway.engine().promotions().listSteps(failed.id()))
        .extracting(PromotionStep::message)
        .contains(
            "Published version 2 of notify-lambda",
            "Moved notify-lambda:live from version 1 to version 2",
            "Moved notify-lambda:live from version 2 to version 1");
    assertThat(aws.versions("notify-lambda")).hasSize(2);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }

  private Promotion latest() {
    return slipway.engine().promotions().listPromotions(Optional.of(STAGING), 1).get(0);
  }
}
