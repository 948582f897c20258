package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.change.ChangeDirection;
import dev.slipway.change.ChangeSet;
import dev.slipway.environment.EnvironmentName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the certification of a set of builds going to an environment stands: per component the
 * commits they bring (against what runs there now), each commit's owners and what they said.
 *
 * @param environment where the builds would go
 * @param changeSets one per component, in component order
 * @param commits every commit of the change sets with its owners, newest first per component
 */
public record Review(
    EnvironmentName environment, List<ChangeSet> changeSets, List<CommitReview> commits) {
  public Review {
    requireNonNull(environment, "environment is null");
    changeSets = List.copyOf(requireNonNull(changeSets, "changeSets is null"));
    commits = List.copyOf(requireNonNull(commits, "commits is null"));
  }

  /** Every owner once, in the order their first commit appears. */
  public List<Owner> owners() {
    Map<String, Owner> owners = new LinkedHashMap<>();
    commits.forEach(
        commit -> commit.owners().forEach(o -> owners.putIfAbsent(o.owner().key(), o.owner())));
    return new ArrayList<>(owners.values());
  }

  /** Owners who have not certified every one of their commits (holders included). */
  public List<Owner> missing() {
    Map<String, Owner> missing = new LinkedHashMap<>();
    commits.forEach(
        commit ->
            commit.owners().stream()
                .filter(o -> !o.certified())
                .forEach(o -> missing.putIfAbsent(o.owner().key(), o.owner())));
    return new ArrayList<>(missing.values());
  }

  /** The holds on any of the commits. */
  public List<Certification> holds() {
    return commits.stream()
        .flatMap(commit -> commit.owners().stream())
        .filter(OwnerReview::held)
        .map(o -> o.word().orElseThrow())
        .toList();
  }

  /** The components the builds would take back to an older commit. */
  public List<ChangeSet> downgrades() {
    return changeSets.stream()
        .filter(changeSet -> changeSet.direction() == ChangeDirection.DOWNGRADE)
        .toList();
  }

  /** True when every owner certified every commit and nothing is held. */
  public boolean complete() {
    return missing().isEmpty();
  }

  /** {@code 3 of 5 owners certified; waiting on alice@example.com, bob@example.com}. */
  public String summary() {
    List<Owner> owners = owners();
    List<Owner> missing = missing();
    if (owners.isEmpty()) {
      return "no commits to certify";
    }
    String counted =
        (owners.size() - missing.size()) + " of " + owners.size() + " owners certified";
    return missing.isEmpty()
        ? counted
        : counted
            + "; waiting on "
            + missing.stream().map(Owner::name).collect(Collectors.joining(", "));
  }
}
