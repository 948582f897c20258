package dev.slipway.release;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.config.ReleaseConfig.TrainConfig;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release trains leave at the local time their cron expression names in their zone, on both sides
 * of a daylight-saving change, and cut a release only when the upstream verified something new.
 */
class ReleaseTrainsTest {
  private static final TrainConfig WEEKDAYS_AT_FIVE =
      new TrainConfig("0 17 * * 1-5", "America/Toronto");
  private static final CommitSha API_1 = CommitSha.of("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
  private static final CommitSha API_2 = CommitSha.of("a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2");

  @TempDir Path directory;
  private TestingPipeline pipeline;

  @AfterEach
  void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void leavesAtFivePmTorontoTimeOnBothSidesOfTheAutumnChange() {
    // Friday 30 October 2026, 17:00 EDT (UTC-4); Toronto falls back on Sunday 1 November.
    assertThat(WEEKDAYS_AT_FIVE.nextAfter(Instant.parse("2026-10-30T20:00:00Z")))
        .contains(Instant.parse("2026-10-30T21:00:00Z"));
    // The next weekday, Monday 2 November, 17:00 EST (UTC-5).
    assertThat(WEEKDAYS_AT_FIVE.nextAfter(Instant.parse("2026-10-30T21:00:00Z")))
        .contains(Instant.parse("2026-11-02T22:00:00Z"));
  }

  @Test
  void leavesAtFivePmTorontoTimeOnBothSidesOfTheSpringChange() {
    // Friday 6 March 2026 at 17:00 EST; Toronto springs forward on Sunday 8 March.
    assertThat(WEEKDAYS_AT_FIVE.nextAfter(Instant.parse("2026-03-06T21:59:00Z")))
        .contains(Instant.parse("2026-03-06T22:00:00Z"));
    assertThat(WEEKDAYS_AT_FIVE.nextAfter(Instant.parse("2026-03-06T22:00:00Z")))
        .contains(Instant.parse("2026-03-09T21:00:00Z"));
  }

  @Test
  void refusesAnExpressionThatIsNotUnixCronAndAnUnknownZone() {
    assertThatThrownBy(() -> new TrainConfig("0 0 17 * * MON-FRI", "America/Toronto"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "'0 0 17 * * MON-FRI' is not a Unix cron expression of five fields");
    assertThatThrownBy(() -> new TrainConfig("0 17 * * 1-5", "America/Torondo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'America/Torondo' is not a time zone id such as America/Toronto");
  }

  @Test
  void cutsWhatStagingVerifiedWhenTheTrainLeavesAndNotBefore() {
    TestingClock clock = new TestingClock(Instant.parse("2026-10-30T20:00:00Z"), ZoneOffset.UTC);
    pipeline =
        TestingPipeline.start(
            directory,
            TestDatabase.H2,
            clock,
            "manual",
            Map.of(),
            "{train: {cron: \"0 17 * * 1-5\", zone: America/Toronto}}",
            "");
    ReleaseTrains trains = pipeline.slipway().trains();
    Build first = pipeline.verifyInStaging(API, API_1);
    assertThat(releases()).as("an environment with a train does not follow staging").isEmpty();
    assertThat(trains.runDue()).isEmpty();

    clock.set(Instant.parse("2026-10-30T21:00:00Z"));
    assertThat(trains.runDue())
        .singleElement()
        .satisfies(
            release -> {
              assertThat(release.origin()).isEqualTo(ReleaseOrigin.TRAIN);
              assertThat(release.builds()).containsExactly(first);
            });
    assertThat(trains.nextDeparture()).contains(Instant.parse("2026-11-02T22:00:00Z"));

    Build second = pipeline.verifyInStaging(API, API_2);
    clock.set(Instant.parse("2026-11-02T21:59:59Z"));
    assertThat(trains.runDue()).isEmpty();
    clock.set(Instant.parse("2026-11-02T22:00:00Z"));
    assertThat(trains.runDue())
        .singleElement()
        .satisfies(release -> assertThat(release.builds()).containsExactly(second));
    clock.set(Instant.parse("2026-11-03T22:00:00Z"));
    assertThat(trains.runDue()).as("nothing new was verified").isEmpty();
    assertThat(releases()).hasSize(2);
  }

  private java.util.List<Release> releases() {
    return pipeline.slipway().releases().repository().listReleases(Optional.of(PRODUCTION), 10);
  }
}
