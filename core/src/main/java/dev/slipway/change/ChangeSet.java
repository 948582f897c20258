package dev.slipway.change;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import java.util.List;
import java.util.Optional;

/**
 * The commits a release would bring to, or take from, an environment for one component.
 *
 * @param component the component
 * @param from the commit running in the environment; empty when none is known
 * @param to the commit of the release's build
 * @param direction how the two relate
 * @param commits newest first, as {@code git log from..to} lists them (for a downgrade, {@code git
 *     log to..from}), only those touching the component's path filters when it has any
 */
public record ChangeSet(
    ComponentName component,
    Optional<CommitSha> from,
    CommitSha to,
    ChangeDirection direction,
    List<ChangeCommit> commits) {
  public ChangeSet {
    requireNonNull(component, "component is null");
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(direction, "direction is null");
    commits = List.copyOf(requireNonNull(commits, "commits is null"));
  }
}
