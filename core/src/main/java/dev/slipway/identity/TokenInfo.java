package dev.slipway.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An API token as it is listed: whose it is and what for, never its secret.
 *
 * @param id the token's id, for revoking it
 * @param email the email of the user it authenticates
 * @param label what the token is for, e.g. {@code ci} or {@code laptop}
 * @param createdAt when it was made
 * @param revokedAt when it was revoked; a revoked token authenticates no one
 */
public record TokenInfo(
    long id, String email, String label, Instant createdAt, Optional<Instant> revokedAt) {
  public TokenInfo {
    requireNonNull(email, "email is null");
    requireNonNull(label, "label is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(revokedAt, "revokedAt is null");
  }
}
