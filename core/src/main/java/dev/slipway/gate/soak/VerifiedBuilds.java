package dev.slipway.gate.soak;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.storage.Rows;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** When builds were first verified in an environment: when a deploy of them there succeeded. */
public final class VerifiedBuilds {
  private final Jdbi jdbi;

  public VerifiedBuilds(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  /**
   * When the first promotion that put the build in the environment succeeded; empty if none did.
   */
  public Optional<Instant> firstVerifiedAt(EnvironmentName environment, Build build) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT MIN(p.finished_at) AS verified FROM promotions p"
                        + " JOIN promotion_builds pb ON pb.promotion_id = p.id"
                        + " WHERE p.environment = :environment AND p.kind = 'DEPLOY'"
                        + " AND p.phase = 'SUCCEEDED' AND pb.build_id = :build")
                .bind("environment", environment.value())
                .bind("build", build.id())
                .map((rows, context) -> Rows.optionalInstant(rows, "verified"))
                .one());
  }
}
