package dev.slipway.identity;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The roles of the configuration: a role name, such as {@code ops-lead}, and the email addresses of
 * the people who hold it. A person holds a role through the email of the token they act with.
 * Addresses compare without regard to case, as mail systems treat them.
 */
public record Roles(Map<String, Set<String>> members) {
  private static final Roles NONE = new Roles(Map.of());

  public Roles {
    requireNonNull(members, "members is null");
    Map<String, Set<String>> copy = new TreeMap<>();
    members.forEach(
        (role, emails) -> {
          Set<String> normalized = new TreeSet<>();
          emails.forEach(email -> normalized.add(normalize(email)));
          copy.put(requireNonNull(role, "role is null"), Set.copyOf(normalized));
        });
    members = Map.copyOf(copy);
  }

  /** No roles at all: nobody holds anything. */
  public static Roles none() {
    return NONE;
  }

  public boolean isDefined(String role) {
    return members.containsKey(role);
  }

  /** The addresses holding a role, sorted; empty for a role nobody holds or that is not defined. */
  public Set<String> holders(String role) {
    return new TreeSet<>(members.getOrDefault(role, Set.of()));
  }

  /** True when the actor is a person whose email holds the role. Slipway itself holds none. */
  public boolean holds(Actor actor, String role) {
    Optional<String> email = actor.email().map(Roles::normalize);
    return email.isPresent() && members.getOrDefault(role, Set.of()).contains(email.get());
  }

  /** Refuses an actor who does not hold a role, naming the role and what it was needed for. */
  public void require(Actor actor, String role, String purpose) {
    if (!holds(actor, role)) {
      throw SlipwayException.forbidden(
          "%s needs role '%s', which %s does not hold; held by: %s",
          purpose,
          role,
          actor,
          holders(role).isEmpty() ? "nobody" : String.join(", ", holders(role)));
    }
  }

  private static String normalize(String email) {
    return requireNonNull(email, "email is null").trim().toLowerCase(Locale.ROOT);
  }
}
