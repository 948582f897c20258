package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {
  private static final FieldPath TARGET =
      FieldPath.ROOT
          .child("environments")
          .child("staging")
          .child("components")
          .child("api")
          .child("targets")
          .index(0);

  @Test
  void readsAsPeopleWriteIt() {
    assertThat(FieldPath.ROOT).hasToString("");
    assertThat(TARGET).hasToString("environments.staging.components.api.targets[0]");
    assertThat(TARGET.child("key"))
        .hasToString("environments.staging.components.api.targets[0].key");
    assertThat(TARGET.parent())
        .contains(
            FieldPath.ROOT
                .child("environments")
                .child("staging")
                .child("components")
                .child("api")
                .child("targets"));
    assertThat(FieldPath.ROOT.parent()).isEmpty();
  }

  @Test
  void resolvesTheFieldAPluginNames() {
    assertThat(TARGET.resolve("repository")).isEqualTo(TARGET.child("repository"));
    assertThat(TARGET.resolve("author.email")).isEqualTo(TARGET.child("author").child("email"));
    assertThat(TARGET.resolve("headers[2].name"))
        .isEqualTo(TARGET.child("headers").index(2).child("name"));
    assertThat(TARGET.resolve("matrix[1][0]")).isEqualTo(TARGET.child("matrix").index(1).index(0));
    assertThat(TARGET.resolve("")).isEqualTo(TARGET);
  }
}
