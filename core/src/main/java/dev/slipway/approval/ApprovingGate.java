package dev.slipway.approval;

import dev.slipway.gate.Gate;
import dev.slipway.identity.Actor;
import java.util.Optional;

/**
 * A gate that a person's approval of the waiting promotion ({@code slipway approve PROMOTION}) can
 * satisfy, so {@link Approvals} knows whose approval to record.
 */
public interface ApprovingGate extends Gate {
  /** The role whose holders may approve; empty when nobody may. */
  Optional<String> approvingRole();

  /** True when a person may give this gate an approval. */
  boolean acceptsApprovalFrom(Actor actor);
}
