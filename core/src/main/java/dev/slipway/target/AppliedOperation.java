package dev.slipway.target;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What applying an operation did.
 *
 * @param reference what records the change outside Slipway, such as the commit id; empty when the
 *     target keeps no such record
 * @param changes each change with the value it replaced, in the order given
 * @param resumed true when the operation had already taken effect and nothing was applied now
 */
public record AppliedOperation(
    Optional<String> reference, List<AppliedChange> changes, boolean resumed) {
  public AppliedOperation {
    requireNonNull(reference, "reference is null");
    changes = List.copyOf(requireNonNull(changes, "changes is null"));
  }
}
