package dev.slipway.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditLog;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.Database;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabase.class)
class IdentitiesTest {
  private static final Actor ADMIN = Actor.person("Ops Lead", "ops@example.org");

  @Parameter TestDatabase kind;

  private final TestingClock clock = new TestingClock();
  private final AuditLog audit = new AuditLog(clock);
  private Database database;
  private Identities identities;

  @BeforeEach
  void open() {
    database = kind.open();
    identities = new Identities(database.jdbi(), audit, clock);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aCreatedTokenAuthenticatesItsUser() {
    IssuedToken token =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());

    assertThat(token.secret()).startsWith("slw_").hasSize(4 + 43);
    assertThat(token.secret().substring(4)).matches("[A-Za-z0-9_-]{43}");
    User user = identities.authenticate(token.secret());
    assertThat(user).isEqualTo(token.user());
    assertThat(user.email()).isEqualTo("alice@example.org");
    assertThat(user.name()).isEqualTo("Alice");
    assertThat(user.actor()).isEqualTo(Actor.person("Alice", "alice@example.org"));
    assertThat(token.toString()).doesNotContain(token.secret());
  }

  @Test
  void eachTokenIsNew() {
    IssuedToken first =
        identities.createToken("Alice", "alice@example.org", "ci", Optional.empty());
    IssuedToken second =
        identities.createToken("Alice", "alice@example.org", "ci", Optional.empty());

    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThat(second.id()).isNotEqualTo(first.id());
  }

  @Test
  void storesOnlyTheHashOfTheToken() throws SQLException {
    IssuedToken token =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());

    String random = token.secret().substring(Identities.TOKEN_PREFIX.length());
    List<String> stored = everyStoredValue();
    assertThat(stored).as("every value in every table").isNotEmpty();
    assertThat(stored).noneMatch(value -> value.contains(random));
    assertThat(stored).contains(sha256(token.secret()));
  }

  @Test
  void refusesAWrongToken() {
    identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());

    assertUnauthenticated(
        "slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "the API token is unknown or was revoked");
  }

  @Test
  void refusesARevokedToken() {
    IssuedToken token =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());
    int revoked =
        jdbi()
            .withHandle(
                handle ->
                    handle
                        .createUpdate("UPDATE api_tokens SET revoked_at = :at WHERE id = :id")
                        .bind("at", clock.instant())
                        .bind("id", token.id())
                        .execute());
    assertThat(revoked).isEqualTo(1);

    assertUnauthenticated(token.secret(), "the API token is unknown or was revoked");
  }

  @Test
  void refusesAMissingOrMalformedToken() {
    IssuedToken token =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());
    String required = "an API token is required: send 'Authorization: Bearer slw_...'";

    assertUnauthenticated(null, required);
    assertUnauthenticated("", required);
    assertUnauthenticated(token.secret().substring(4), required);
    assertUnauthenticated(sha256(token.secret()), required);
  }

  @Test
  void aSecondTokenForTheSameEmailBelongsToTheSameUser() {
    IssuedToken laptop =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());
    clock.advance(Duration.ofDays(1));
    IssuedToken ci =
        identities.createToken("Alice Smith", " alice@example.org ", "ci", Optional.of(ADMIN));

    assertThat(ci.user()).isEqualTo(laptop.user());
    assertThat(identities.authenticate(ci.secret())).isEqualTo(laptop.user());
    assertThat(identities.authenticate(laptop.secret())).isEqualTo(laptop.user());
    assertThat(identities.findUserByEmail("alice@example.org")).contains(laptop.user());
    int users =
        jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
    assertThat(users).isEqualTo(1);
  }

  @Test
  void refusesAnEmailThatIsNotOne() {
    for (String email : List.of("alice", "alice@", "@example.org", "alice smith@example.org")) {
      assertThatThrownBy(() -> identities.createToken("Alice", email, "laptop", Optional.empty()))
          .as(email)
          .isInstanceOfSatisfying(
              SlipwayException.class,
              e -> {
                assertThat(e.category()).isEqualTo(ErrorCategory.USER);
                assertThat(e.field()).contains("email");
              })
          .hasMessage("'%s' is not an email address", email);
    }
    assertThatThrownBy(() -> identities.createToken("Alice", null, "laptop", Optional.empty()))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.field()).contains("email"));

    assertThat(identities.findUserByEmail("alice")).isEmpty();
    assertThat(audit.head(jdbi()).sequence()).as("nothing recorded").isZero();
  }

  @Test
  void refusesABlankNameOrLabel() {
    assertThatThrownBy(
            () -> identities.createToken(" ", "alice@example.org", "laptop", Optional.empty()))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.field()).contains("name"))
        .hasMessage("name is required");
    assertThatThrownBy(
            () -> identities.createToken("Alice", "alice@example.org", "", Optional.empty()))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.field()).contains("label"))
        .hasMessage("label is required");
  }

  @Test
  void recordsTheNewUserAndEachTokenInTheAuditLog() {
    IssuedToken bootstrap =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());
    IssuedToken ci = identities.createToken("Alice", "alice@example.org", "ci", Optional.of(ADMIN));

    List<AuditEvent> events = audit.listBySubject(jdbi(), "user:alice@example.org");
    assertThat(events)
        .extracting(AuditEvent::action)
        .containsExactly("user.created", "token.created", "token.created");
    assertThat(events)
        .extracting(AuditEvent::actor)
        .as("the bootstrap token is the new user's own doing; the second was the ops lead's")
        .containsExactly(
            "Alice <alice@example.org>", "Alice <alice@example.org>", "Ops Lead <ops@example.org>");
    assertThat(events.get(0).details()).isEqualTo("{\"name\":\"Alice\"}");
    assertThat(events.get(1).details())
        .isEqualTo("{\"label\":\"laptop\",\"tokenId\":" + bootstrap.id() + "}");
    assertThat(events.get(2).details()).isEqualTo("{\"label\":\"ci\",\"tokenId\":" + ci.id() + "}");
    assertThat(audit.verify(jdbi()).intact()).isTrue();
  }

  @Test
  void aRevokedTokenAuthenticatesNoOneWhileTheUsersOtherTokensStillDo() {
    IssuedToken laptop =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());
    IssuedToken ci = identities.createToken("Alice", "alice@example.org", "ci", Optional.empty());
    clock.advance(Duration.ofMinutes(5));

    TokenInfo revoked = identities.revokeToken(laptop.id(), ADMIN, Optional.empty());

    assertThat(revoked.revokedAt()).contains(clock.instant());
    assertUnauthenticated(laptop.secret(), "the API token is unknown or was revoked");
    assertThat(identities.authenticate(ci.secret()).email()).isEqualTo("alice@example.org");
    assertThat(identities.listTokens(Optional.of("ALICE@example.org")))
        .extracting(TokenInfo::label, token -> token.revokedAt().isPresent())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("laptop", true),
            org.assertj.core.groups.Tuple.tuple("ci", false));
    List<AuditEvent> events = audit.listBySubject(jdbi(), "user:alice@example.org");
    assertThat(events.get(events.size() - 1).action()).isEqualTo("token.revoked");
    assertThat(events.get(events.size() - 1).actor()).isEqualTo("Ops Lead <ops@example.org>");
    assertThat(audit.verify(jdbi()).intact()).isTrue();
  }

  @Test
  void peopleRevokeOnlyTheirOwnTokensAndOnlyOnce() {
    IssuedToken alices =
        identities.createToken("Alice", "alice@example.org", "laptop", Optional.empty());
    Actor bob = Actor.person("Bob", "bob@example.org");

    assertThatThrownBy(
            () -> identities.revokeToken(alices.id(), bob, Optional.of("bob@example.org")))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND))
        .hasMessage("token " + alices.id() + " does not exist or is not yours");
    assertThat(identities.authenticate(alices.secret()).email()).isEqualTo("alice@example.org");

    identities.revokeToken(
        alices.id(), Actor.person("Alice", "alice@example.org"), Optional.of("Alice@Example.org"));
    assertThatThrownBy(() -> identities.revokeToken(alices.id(), ADMIN, Optional.empty()))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessageStartingWith("token " + alices.id() + " (laptop) was already revoked at ");
    assertThatThrownBy(() -> identities.revokeToken(9999, ADMIN, Optional.empty()))
        .hasMessage("token 9999 does not exist");
  }

  private void assertUnauthenticated(String token, String message) {
    assertThatThrownBy(() -> identities.authenticate(token))
        .as("token %s", token)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNAUTHENTICATED))
        .hasMessage(message);
  }

  /** Every value of every column of every table of Slipway's schema, as text. */
  private List<String> everyStoredValue() throws SQLException {
    return jdbi().withHandle(handle -> everyStoredValue(handle.getConnection()));
  }

  private static List<String> everyStoredValue(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rows =
        connection
            .getMetaData()
            .getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        tables.add(rows.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).contains(stored(connection, "api_tokens"), stored(connection, "users"));
    List<String> values = new ArrayList<>();
    for (String table : tables) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          for (int column = 1; column <= columns; column++) {
            String value = rows.getString(column);
            if (value != null) {
              values.add(value);
            }
          }
        }
      }
    }
    return values;
  }

  /** A table name as the database keeps it: H2 upper-cases unquoted names, PostgreSQL lowers. */
  private static String stored(Connection connection, String name) throws SQLException {
    return connection.getMetaData().storesUpperCaseIdentifiers()
        ? name.toUpperCase(Locale.ROOT)
        : name;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Jdbi jdbi() {
    return database.jdbi();
  }
}
