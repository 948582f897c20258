package dev.slipway.change;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One commit of a change set.
 *
 * @param sha the commit
 * @param author who wrote it
 * @param committer who committed it (for a squash merged on GitHub, GitHub itself)
 * @param coAuthors the people of its {@code Co-authored-by:} trailers, in order
 * @param pullRequest the pull request its subject names, as {@code (#123)} or {@code Merge pull
 *     request #123 from ...}; empty when it names none
 * @param subject the first line of its message
 * @param committedAt when it was committed
 */
public record ChangeCommit(
    CommitSha sha,
    CommitIdentity author,
    CommitIdentity committer,
    List<CommitIdentity> coAuthors,
    Optional<Integer> pullRequest,
    String subject,
    Instant committedAt) {
  public ChangeCommit {
    requireNonNull(sha, "sha is null");
    requireNonNull(author, "author is null");
    requireNonNull(committer, "committer is null");
    coAuthors = List.copyOf(requireNonNull(coAuthors, "coAuthors is null"));
    requireNonNull(pullRequest, "pullRequest is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(committedAt, "committedAt is null");
  }

  /** The people who own the change: its author, then its co-authors. */
  public List<CommitIdentity> owners() {
    List<CommitIdentity> owners = new ArrayList<>(coAuthors.size() + 1);
    owners.add(author);
    owners.addAll(coAuthors);
    return List.copyOf(owners);
  }
}
