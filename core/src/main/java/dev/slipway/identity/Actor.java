package dev.slipway.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who made a change: a person with a name and an email address, or Slipway itself when it acts on
 * its own (an automatic rollback).
 */
public record Actor(String name, Optional<String> email) {
  /** Slipway acting on its own. */
  public static final Actor SLIPWAY = new Actor("slipway", Optional.empty());

  public Actor {
    requireNonNull(name, "name is null");
    requireNonNull(email, "email is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("actor name is blank");
    }
  }

  public static Actor person(String name, String email) {
    return new Actor(name, Optional.of(email));
  }

  /** Rebuilds an actor from its stored columns. */
  public static Actor of(String name, String email) {
    return new Actor(name, Optional.ofNullable(email));
  }

  public boolean isSlipway() {
    return email.isEmpty() && name.equals(SLIPWAY.name);
  }

  /** {@code Alice Smith <alice@example.org>}, or {@code slipway}. */
  @Override
  public String toString() {
    return email.map(address -> name + " <" + address + ">").orElse(name);
  }
}
