package dev.slipway.config;

import static java.util.stream.Collectors.joining;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import java.util.List;

/** A configuration file with problems; carries every problem found, not only the first. */
public final class InvalidConfigException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(ErrorCategory.USER, describe(problems), null, true, null);
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    return problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + " in the configuration:\n"
        + problems.stream().map(ConfigProblem::toString).collect(joining("\n"));
  }
}
