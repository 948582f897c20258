package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void reportsMeasuredValuesByNearestRank() {
    Samples samples = new Samples("deploys");
    for (int millis = 100; millis >= 1; millis--) {
      samples.add(Duration.ofMillis(millis));
    }
    assertThat(samples.p50()).isEqualTo(Duration.ofMillis(50));
    assertThat(samples.p99()).isEqualTo(Duration.ofMillis(99));
    assertThat(samples.max()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void takesTheWorstSampleAsP99OfFewSamples() {
    Samples samples = new Samples("probes");
    samples.add(Duration.ofMillis(300));
    samples.add(Duration.ofMillis(900));
    samples.add(Duration.ofMillis(500));
    assertThat(samples.p50()).isEqualTo(Duration.ofMillis(500));
    assertThat(samples.p99()).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void refusesPercentilesOfNothing() {
    assertThatThrownBy(() -> new Samples("starts").p50())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("starts: no samples");
  }
}
