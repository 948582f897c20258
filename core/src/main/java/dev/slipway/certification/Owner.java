package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who must certify a commit: a person, or a component's team for a bot's commit, of which any one
 * member certifies.
 *
 * @param key what certifications are stored under: the person's main email, or {@code
 *     team:<component>}
 * @param name how people are shown the owner: {@code alice@example.com}, {@code api team}
 * @param members the emails (main addresses) that may certify as this owner
 */
public record Owner(String key, String name, Set<String> members) {
  public Owner {
    requireNonNull(key, "key is null");
    requireNonNull(name, "name is null");
    members = Set.copyOf(requireNonNull(members, "members is null"));
  }

  public static Owner person(String email) {
    return new Owner(email, email, Set.of(email));
  }

  public boolean hasMember(String email) {
    return members.contains(email);
  }

  @Override
  public String toString() {
    return name;
  }
}
