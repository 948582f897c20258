package dev.slipway.change;

import static java.util.Objects.requireNonNull;

/** A name and email as a commit states them (author, committer or a Co-authored-by trailer). */
public record CommitIdentity(String name, String email) {
  public CommitIdentity {
    requireNonNull(name, "name is null");
    requireNonNull(email, "email is null");
  }

  @Override
  public String toString() {
    return name + " <" + email + ">";
  }
}
