package dev.slipway.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Durations measured for one question, in the order taken, with the percentiles a report needs.
 * Percentiles use the nearest-rank method: p50 of 100 samples is the 50th smallest, p99 the 99th,
 * so every figure reported is one that was measured.
 */
final class Samples {
  private final String name;
  private final List<Duration> values = new ArrayList<>();

  Samples(String name) {
    this.name = requireNonNull(name, "name is null");
  }

  String name() {
    return name;
  }

  void add(Duration value) {
    requireNonNull(value, "value is null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          name + ": a measured duration cannot be negative: " + value);
    }
    values.add(value);
  }

  int count() {
    return values.size();
  }

  List<Duration> values() {
    return List.copyOf(values);
  }

  /** The smallest sample that at least {@code percent} percent of the samples do not exceed. */
  Duration percentile(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], not " + percent);
    }
    if (values.isEmpty()) {
      throw new IllegalStateException(name + ": no samples");
    }
    List<Duration> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  Duration p50() {
    return percentile(50);
  }

  Duration p99() {
    return percentile(99);
  }

  Duration max() {
    return percentile(100);
  }
}
