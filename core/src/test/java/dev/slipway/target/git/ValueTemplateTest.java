package dev.slipway.target.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTemplateTest {
  private static final String SHA = "f3d0498c1a2b3c4d5e6f708192a3b4c5d6e7f809";

  static Build build(String sha, String version, Optional<String> image) {
    return new Build(
        1,
        ComponentName.of("api"),
        CommitSha.of(sha),
        version,
        image,
        Optional.empty(),
        Instant.parse("2026-03-02T12:00:00Z"),
        Actor.SLIPWAY);
  }

  private static String render(String template, Optional<String> image) {
    return ValueTemplate.parse(template).render(build(SHA, "2026.03.2", image), "target");
  }

  @Test
  void writesTheShortCommitByDefault() {
    assertThat(render(ValueTemplate.DEFAULT, Optional.empty())).isEqualTo("f3d0498");
  }

  @Test
  void fillsEveryPlaceholderAmongLiteralText() {
    assertThat(
            render(
                "{version}-{commit}/{image}@{imageTag}",
                Optional.of("ghcr.io/cds-snc/notify-api:f3d0498")))
        .isEqualTo("2026.03.2-" + SHA + "/ghcr.io/cds-snc/notify-api:f3d0498@f3d0498");
  }

  @Test
  void takesTheImageTagAfterTheLastSlashSoARegistryPortIsNotATag() {
    assertThat(render("{imageTag}", Optional.of("registry.local:5000/notify/api:v2.1")))
        .isEqualTo("v2.1");
    assertThat(render("{imageTag}", Optional.of("ghcr.io/notify/api:v2@sha256:0123abcd")))
        .isEqualTo("v2");
  }

  @Test
  void anImageWithoutTagOrABuildWithoutImageIsAnErrorAtDeploy() {
    assertThatThrownBy(() -> render("{imageTag}", Optional.of("registry.local:5000/notify/api")))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("image reference 'registry.local:5000/notify/api' of build")
        .hasMessageContaining("has no tag");
    assertThatThrownBy(() -> render("{image}", Optional.empty()))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue())
        .hasMessage(
            "build api@f3d0498 has no image reference, but target target writes '{image}';"
                + " register the build with its image");
  }

  @Test
  void refusesUnknownUnclosedAndStrayBraces() {
    assertThatThrownBy(() -> ValueTemplate.parse("{sha}"))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.field()).contains("value"))
        .hasMessage(
            "value '{sha}' uses unknown placeholder {sha}; known placeholders: [{commit},"
                + " {shortCommit}, {version}, {image}, {imageTag}]");
    assertThatThrownBy(() -> ValueTemplate.parse("v{version"))
        .hasMessageContaining("'{' at position 2 that is not closed");
    assertThatThrownBy(() -> ValueTemplate.parse("v}"))
        .hasMessageContaining("'}' at position 2 without a '{'");
    assertThatThrownBy(() -> ValueTemplate.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ValueTemplate.parse("a\nb")).hasMessageContaining("line break");
  }
}
