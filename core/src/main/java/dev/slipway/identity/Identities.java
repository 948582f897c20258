package dev.slipway.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.Rows;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Users and their API tokens. A token is 32 random bytes; only its SHA-256 is stored, which is
 * enough for a secret with that much entropy and lets every request be checked with one lookup.
 */
public final class Identities {
  /** Every token starts with this, so secret scanners and people recognise one. */
  public static final String TOKEN_PREFIX = "slw_";

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final RowMapper<User> USER =
      (rows, context) ->
          new User(
              rows.getLong("id"),
              rows.getString("name"),
              rows.getString("email"),
              Rows.instant(rows, "created_at"));

  private static final RowMapper<TokenInfo> TOKEN =
      (rows, context) ->
          new TokenInfo(
              rows.getLong("id"),
              rows.getString("email"),
              rows.getString("label"),
              Rows.instant(rows, "created_at"),
              Rows.optionalInstant(rows, "revoked_at"));
  private static final String TOKENS =
      "SELECT t.id, u.email, t.label, t.created_at, t.revoked_at FROM api_tokens t"
          + " JOIN users u ON u.id = t.user_id";

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Identities(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Creates a token for the user with this email, creating the user first if it is new.
   *
   * @param actor who asks; for the bootstrap token from the command line, the new user itself
   */
  public IssuedToken createToken(String name, String email, String label, Optional<Actor> actor) {
    String cleanEmail = requireEmail(email);
    String cleanName = requireText(name, "name");
    String cleanLabel = requireText(label, "label");
    String secret = TOKEN_PREFIX + newSecret();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return jdbi.inTransaction(
        handle -> {
          User user = findOrCreateUser(handle, cleanName, cleanEmail, now, actor);
          long id =
              handle
                  .createUpdate(
                      "INSERT INTO api_tokens (user_id, token_hash, label, created_at)"
                          + " VALUES (:user, :hash, :label, :at)")
                  .bind("user", user.id())
                  .bind("hash", hash(secret))
                  .bind("label", cleanLabel)
                  .bind("at", now)
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          audit.append(
              handle,
              actor.orElse(user.actor()),
              "token.created",
              "user:" + user.email(),
              Map.of("tokenId", id, "label", cleanLabel));
          return new IssuedToken(id, user, cleanLabel, secret);
        });
  }

  /** The user a token belongs to; an unknown or revoked token is an authentication error. */
  public User authenticate(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX)) {
      throw SlipwayException.unauthenticated(
          "an API token is required: send 'Authorization: Bearer slw_...'");
    }
    return jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id"
                            + " WHERE t.token_hash = :hash AND t.revoked_at IS NULL")
                    .bind("hash", hash(token))
                    .map(USER)
                    .findOne())
        .orElseThrow(
            () -> SlipwayException.unauthenticated("the API token is unknown or was revoked"));
  }

  /** Every token, or one user's, oldest first. */
  public List<TokenInfo> listTokens(Optional<String> email) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    TOKENS
                        + (email.isPresent() ? " WHERE LOWER(u.email) = :email" : "")
                        + " ORDER BY t.id")
                .bind("email", email.map(Identities::lower).orElse(null))
                .map(TOKEN)
                .list());
  }

  /**
   * Revokes a token: from now on it authenticates no one. Audited as {@code token.revoked}.
   *
   * @param owner when present, only a token of the user with this email may be revoked (people
   *     revoke their own through the API); the command line on the server revokes any
   * @throws SlipwayException not found for an unknown token (or another user's), conflict for one
   *     already revoked
   */
  public TokenInfo revokeToken(long id, Actor actor, Optional<String> owner) {
    requireNonNull(actor, "actor is null");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return jdbi.inTransaction(
        handle -> {
          Optional<TokenInfo> found =
              handle.createQuery(TOKENS + " WHERE t.id = :id").bind("id", id).map(TOKEN).findOne();
          boolean someoneElses =
              found.isPresent()
                  && owner
                      .filter(email -> !lower(email).equals(lower(found.get().email())))
                      .isPresent();
          if (found.isEmpty() || someoneElses) {
            throw SlipwayException.notFound(
                owner.isPresent()
                    ? "token %d does not exist or is not yours"
                    : "token %d does not exist",
                id);
          }
          TokenInfo token = found.get();
          if (token.revokedAt().isPresent()) {
            throw SlipwayException.conflict(
                "token %d (%s) was already revoked at %s",
                id, token.label(), token.revokedAt().get());
          }
          handle
              .createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id")
              .bind("now", now)
              .bind("id", id)
              .execute();
          audit.append(
              handle,
              actor,
              "token.revoked",
              "user:" + token.email(),
              Map.of("tokenId", id, "label", token.label()));
          return new TokenInfo(
              id, token.email(), token.label(), token.createdAt(), Optional.of(now));
        });
  }

  private static String lower(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  public Optional<User> findUserByEmail(String email) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM users WHERE email = :email")
                .bind("email", email)
                .map(USER)
                .findOne());
  }

  private User findOrCreateUser(
      Handle handle, String name, String email, Instant now, Optional<Actor> actor) {
    Optional<User> existing =
        handle
            .createQuery("SELECT * FROM users WHERE email = :email")
            .bind("email", email)
            .map(USER)
            .findOne();
    if (existing.isPresent()) {
      return existing.get();
    }
    long id =
        handle
            .createUpdate("INSERT INTO users (name, email, created_at) VALUES (:name, :email, :at)")
            .bind("name", name)
            .bind("email", email)
            .bind("at", now)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    User user = new User(id, name, email, now);
    audit.append(
        handle, actor.orElse(user.actor()), "user.created", "user:" + email, Map.of("name", name));
    return user;
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String requireEmail(String email) {
    if (email == null || !EMAIL.matcher(email.trim()).matches()) {
      throw SlipwayException.invalid("email", "'%s' is not an email address", email);
    }
    return email.trim();
  }

  private static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw SlipwayException.invalid(field, "%s is required", field);
    }
    return value.trim();
  }
}
