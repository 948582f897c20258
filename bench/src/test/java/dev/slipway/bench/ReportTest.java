package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bench.Report.Goal;
import dev.slipway.bench.Report.Statistic;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void putsEachFigureBesideItsGoalWithTheirRatio() {
    Report report = new Report();
    report.context("Command: `bench/run`");
    Samples deploys = new Samples("deploys");
    deploys.add(Duration.ofMillis(200));
    deploys.add(Duration.ofMillis(400));
    report.durations(
        "Build → commit", deploys, true, Optional.of(Goal.millis(Statistic.P50, 1000)));

    String markdown = report.markdown("Run of today");

    assertThat(markdown)
        .contains("### Run of today")
        .contains("- Command: `bench/run`")
        .contains(
            "| Build → commit | 2 | 200 ms | 400 ms | 400 ms | p50 < 1000 ms | met (0.20 of goal) |");
    assertThat(report.allGoalsMet()).isTrue();
  }

  @Test
  void marksAMissedGoal() {
    Report report = new Report();
    Samples probes = new Samples("probes");
    probes.add(Duration.ofMillis(1500));
    probes.add(Duration.ofMillis(2500));
    report.durations(
        "Probe → revert", probes, false, Optional.of(Goal.millis(Statistic.MAX, 2000)));
    report.memory("Idle memory", 200 * 1024, Optional.of(Goal.mebibytes(250)));

    assertThat(report.markdown("Run"))
        .contains(
            "| Probe → revert | 2 | 1500 ms |  | 2500 ms | max < 2000 ms | **missed** (1.25 of goal) |")
        .contains("| Idle memory | 1 |  |  | 200 MB | value < 250 MB | met (0.80 of goal) |");
    assertThat(report.allGoalsMet()).isFalse();
  }
}
