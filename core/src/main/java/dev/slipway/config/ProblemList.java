package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.YamlDocument.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The problems found in one file so far, in the order a person would fix them: top to bottom. */
final class ProblemList {
  private static final Comparator<ConfigProblem> FILE_ORDER =
      Comparator.comparingInt(ConfigProblem::line)
          .thenComparingInt(ConfigProblem::column)
          .thenComparing(ConfigProblem::path)
          .thenComparing(ConfigProblem::message);

  private final String file;
  private final Set<ConfigProblem> problems = new LinkedHashSet<>();

  ProblemList(String file) {
    this.file = requireNonNull(file, "file is null");
  }

  void add(Position position, FieldPath path, String message) {
    problems.add(
        new ConfigProblem(file, position.line(), position.column(), path.toString(), message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Throws every problem found, sorted by line, if there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<ConfigProblem> sorted = new ArrayList<>(problems);
      sorted.sort(FILE_ORDER);
      throw new InvalidConfigException(sorted);
    }
  }
}
