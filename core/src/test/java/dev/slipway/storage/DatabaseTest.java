package dev.slipway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabase.class)
record DatabaseTest(TestDatabase kind) {
  @Test
  void migratesAndKeepsInstantsExactlyInUtc() {
    try (Database database = kind.open()) {
      Instant at = Instant.parse("2026-03-08T06:59:59.123Z");
      Instant read =
          database
              .jdbi()
              .withHandle(
                  handle -> {
                    handle
                        .createUpdate(
                            "INSERT INTO users (name, email, created_at) VALUES ('a', 'a@x', :at)")
                        .bind("at", at)
                        .execute();
                    return handle
                        .createQuery("SELECT created_at FROM users")
                        .mapTo(Instant.class)
                        .one();
                  });
      assertThat(read).isEqualTo(at);
    }
  }
}
