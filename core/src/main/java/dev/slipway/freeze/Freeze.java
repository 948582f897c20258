package dev.slipway.freeze;

import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;

/**
 * A freeze declared at run time, such as during an incident: in force from its declaration until
 * someone lifts it.
 *
 * @param id its number
 * @param environment where promotions are frozen
 * @param reason why, as waiting promotions show
 * @param declaredAt when it began
 * @param declaredBy who declared it
 * @param liftedAt when it was lifted; empty while in force
 * @param liftedBy who lifted it
 * @param liftReason why it was lifted, when given
 */
public record Freeze(
    long id,
    EnvironmentName environment,
    String reason,
    Instant declaredAt,
    Actor declaredBy,
    Optional<Instant> liftedAt,
    Optional<Actor> liftedBy,
    Optional<String> liftReason) {
  public Freeze {
    requireNonNull(environment, "environment is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(declaredAt, "declaredAt is null");
    requireNonNull(declaredBy, "declaredBy is null");
    requireNonNull(liftedAt, "liftedAt is null");
    requireNonNull(liftedBy, "liftedBy is null");
    requireNonNull(liftReason, "liftReason is null");
  }

  public boolean inForce() {
    return liftedAt.isEmpty();
  }
}
