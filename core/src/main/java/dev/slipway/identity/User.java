package dev.slipway.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A person known to Slipway, who holds API tokens and is recorded as the actor of changes. */
public record User(long id, String name, String email, Instant createdAt) {
  public User {
    requireNonNull(name, "name is null");
    requireNonNull(email, "email is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  public Actor actor() {
    return Actor.person(name, email);
  }
}
