package dev.slipway.change;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;

/**
 * A build's commit is not in its component's repository, even after a fetch: the branch it was on
 * was force-pushed, or the commit was never pushed. Terminal: asking again finds the same history.
 */
public final class MissingCommitException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  private final ComponentName component;
  private final CommitSha commit;
  private final String repository;

  MissingCommitException(
      ComponentName component, CommitSha commit, String repository, boolean fetched) {
    super(
        ErrorCategory.EXTERNAL,
        String.format(
            "commit %s of component %s is not in its repository %s%s: history was rewritten"
                + " (a force-push) or the commit was never pushed",
            commit, component, repository, fetched ? ", even after a fetch" : ""),
        null,
        true,
        null);
    this.component = component;
    this.commit = commit;
    this.repository = repository;
  }

  public ComponentName component() {
    return component;
  }

  public CommitSha commit() {
    return commit;
  }

  /** The repository's URL (without credentials) or path. */
  public String repository() {
    return repository;
  }
}
