package dev.slipway.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run's figures as a Markdown section: the command, the machine, the JVM flags and settings,
 * and a table with each figure beside its goal and the ratio between them. Every ratio compares
 * figures of this run only.
 */
final class Report {
  /** Which figure of a row its goal is about. */
  enum Statistic {
    P50("p50"),
    MAX("max"),
    VALUE("value");

    private final String label;

    Statistic(String label) {
      this.label = label;
    }
  }

  /** A goal: the figure it judges and the limit it must stay under. */
  record Goal(Statistic statistic, double limit, String unit) {
    Goal {
      requireNonNull(statistic, "statistic is null");
      requireNonNull(unit, "unit is null");
      if (!(limit > 0)) {
        throw new IllegalArgumentException("a goal's limit must be positive, not " + limit);
      }
    }

    static Goal millis(Statistic statistic, long limit) {
      return new Goal(statistic, limit, "ms");
    }

    static Goal mebibytes(long limit) {
      return new Goal(Statistic.VALUE, limit, "MB");
    }

    String describe() {
      return statistic.label + " < " + format(limit) + " " + unit;
    }
  }

  /** A line of the table; figures are already formatted, empty where they do not apply. */
  record Row(
      String measure,
      int samples,
      String p50,
      String p99,
      String max,
      Optional<Goal> goal,
      Optional<Double> judged) {
    Row {
      requireNonNull(measure, "measure is null");
      requireNonNull(p50, "p50 is null");
      requireNonNull(p99, "p99 is null");
      requireNonNull(max, "max is null");
      requireNonNull(goal, "goal is null");
      requireNonNull(judged, "judged is null");
      if (goal.isPresent() != judged.isPresent()) {
        throw new IllegalArgumentException("a row with a goal needs the figure it judges");
      }
    }

    /** Whether the goal is met; empty for a row without a goal. */
    Optional<Boolean> met() {
      return goal.map(g -> judged.orElseThrow() < g.limit());
    }

    String verdict() {
      if (goal.isEmpty()) {
        return "";
      }
      double ratio = judged.orElseThrow() / goal.get().limit();
      return (met().orElseThrow() ? "met" : "**missed**")
          + " ("
          + String.format(Locale.ROOT, "%.2f", ratio)
          + " of goal)";
    }
  }

  private final List<String> context = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** Adds a line above the table: the command, the machine, the settings. */
  void context(String line) {
    context.add(requireNonNull(line, "line is null"));
  }

  void note(String line) {
    notes.add(requireNonNull(line, "line is null"));
  }

  /** A row of durations; p99 is shown only when asked for. */
  void durations(String measure, Samples samples, boolean withP99, Optional<Goal> goal) {
    Optional<Double> judged =
        goal.map(
            g ->
                switch (g.statistic()) {
                  case P50 -> millis(samples.p50());
                  case MAX -> millis(samples.max());
                  case VALUE ->
                      throw new IllegalArgumentException("a duration goal judges p50 or max");
                });
    rows.add(
        new Row(
            measure,
            samples.count(),
            format(millis(samples.p50())) + " ms",
            withP99 ? format(millis(samples.p99())) + " ms" : "",
            format(millis(samples.max())) + " ms",
            goal,
            judged));
  }

  /** A row of one memory figure, in mebibytes. */
  void memory(String measure, long kibibytes, Optional<Goal> goal) {
    double mebibytes = kibibytes / 1024.0;
    rows.add(
        new Row(measure, 1, "", "", format(mebibytes) + " MB", goal, goal.map(g -> mebibytes)));
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** Whether every goal in the table was met. */
  boolean allGoalsMet() {
    return rows.stream().allMatch(row -> row.met().orElse(true));
  }

  String markdown(String title) {
    StringBuilder text = new StringBuilder();
    text.append("### ").append(title).append("\n\n");
    for (String line : context) {
      text.append("- ").append(line).append('\n');
    }
    text.append('\n');
    text.append("| Measure | Samples | p50 | p99 | max | Goal | Result |\n");
    text.append("|---|---:|---:|---:|---:|---|---|\n");
    for (Row row : rows) {
      text.append("| ")
          .append(row.measure())
          .append(" | ")
          .append(row.samples())
          .append(" | ")
          .append(row.p50())
          .append(" | ")
          .append(row.p99())
          .append(" | ")
          .append(row.max())
          .append(" | ")
          .append(row.goal().map(Goal::describe).orElse(""))
          .append(" | ")
          .append(row.verdict())
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      text.append('\n');
      for (String note : notes) {
        text.append(note).append('\n');
      }
    }
    return text.toString();
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1_000_000.0;
  }

  /** Whole numbers from 100 up, one decimal below: 1234, 56.7, 3.0. */
  static String format(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
