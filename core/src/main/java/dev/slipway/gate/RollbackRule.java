package dev.slipway.gate;

import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;

/**
 * A gate that also has a say over rollbacks. Gates never hold a rollback, which restores what ran
 * before; a gate implementing this may only ask more of the person requesting one, such as a reason
 * during a freeze.
 */
public interface RollbackRule {
  /**
   * Checks a rollback request.
   *
   * @return a note for the audit record when the rollback goes through an exception this gate makes
   *     (such as a freeze), empty when this gate has nothing to say
   * @throws dev.slipway.error.SlipwayException a conflict saying what the person must do, when the
   *     rollback may not go as asked
   */
  Optional<String> checkRollback(Actor actor, Optional<String> reason, Instant now);
}
