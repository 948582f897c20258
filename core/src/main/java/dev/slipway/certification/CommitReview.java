package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.change.ChangeCommit;
import dev.slipway.component.ComponentName;
import java.util.List;

/** One commit a release brings, with each of its owners and what they said. */
public record CommitReview(ComponentName component, ChangeCommit commit, List<OwnerReview> owners) {
  public CommitReview {
    requireNonNull(component, "component is null");
    requireNonNull(commit, "commit is null");
    owners = List.copyOf(requireNonNull(owners, "owners is null"));
  }

  /** True when every owner certified it. */
  public boolean certified() {
    return owners.stream().allMatch(OwnerReview::certified);
  }
}
