package dev.slipway.identity;

import static java.util.Objects.requireNonNull;

/**
 * A token just created. The secret is here once and never again: only its hash is stored.
 *
 * @param id the token's id, for listing and revoking it
 * @param user whom it authenticates
 * @param label what the token is for, e.g. {@code ci} or {@code laptop}
 * @param secret the token itself, {@code slw_} followed by 43 URL-safe characters
 */
public record IssuedToken(long id, User user, String label, String secret) {
  public IssuedToken {
    requireNonNull(user, "user is null");
    requireNonNull(label, "label is null");
    requireNonNull(secret, "secret is null");
  }

  @Override
  public String toString() {
    return "IssuedToken[id=" + id + ", user=" + user.email() + ", label=" + label + "]";
  }
}
