package dev.slipway.release;

import dev.slipway.build.CommitSha;
import dev.slipway.change.ChangeSet;
import dev.slipway.component.ComponentName;
import java.util.Optional;

/**
 * Reads the commits between the build running in an environment and a release's build, from the
 * component's source repository. Releases, certification and notes read change sets through this.
 */
@FunctionalInterface
public interface ChangeReader {
  /**
   * @param running the commit running in the environment; empty when none is known
   * @param release the commit of the release's build
   */
  ChangeSet between(ComponentName component, Optional<CommitSha> running, CommitSha release);
}
