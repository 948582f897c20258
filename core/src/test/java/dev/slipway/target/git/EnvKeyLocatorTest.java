package dev.slipway.target.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

class EnvKeyLocatorTest {
  /** Shaped like the seed team's helmfile/overrides/staging.env, with comments added. */
  static final String STAGING_ENV =
      """
      # Staging overrides for the Notify helmfile.
      # Image tags are written by the release bot; do not edit them by hand.

      ADMIN_DOCKER_TAG: "78962bb"
      API_DOCKER_TAG: "1a2b3c4" # pinned during the incident of 2026-02-11
      DOCUMENT_DOWNLOAD_DOCKER_TAG: 'latest'
      DOCUMENTATION_DOCKER_TAG: latest

      API_HOST_NAME_PREFIX: "api"
      # API_DOCKER_TAG: "0000000"
      API_DOCKER_TAG_PREVIOUS: "9f8e7d6"
      SENTRY_URL: "https://key@o1.ingest.example.io/15"
      REDIS_ENABLED: "true"
      """;

  @Test
  void readsQuotedBareAndCommentedValues() {
    assertThat(ValueLocator.envKey("API_DOCKER_TAG").read(STAGING_ENV)).contains("1a2b3c4");
    assertThat(ValueLocator.envKey("ADMIN_DOCKER_TAG").read(STAGING_ENV)).contains("78962bb");
    assertThat(ValueLocator.envKey("DOCUMENT_DOWNLOAD_DOCKER_TAG").read(STAGING_ENV))
        .contains("latest");
    assertThat(ValueLocator.envKey("DOCUMENTATION_DOCKER_TAG").read(STAGING_ENV))
        .contains("latest");
    assertThat(ValueLocator.envKey("SENTRY_URL").read(STAGING_ENV))
        .contains("https://key@o1.ingest.example.io/15");
    assertThat(ValueLocator.envKey("LAMBDA_DOCKER_TAG").read(STAGING_ENV)).isEmpty();
  }

  @Test
  void replacesOnlyTheValueAndKeepsQuotesAndComment() {
    String written = ValueLocator.envKey("API_DOCKER_TAG").write(STAGING_ENV, "f3d0498");

    assertThat(written)
        .isEqualTo(
            STAGING_ENV.replace(
                "API_DOCKER_TAG: \"1a2b3c4\" # pinned", "API_DOCKER_TAG: \"f3d0498\" # pinned"));
    assertThat(Lines.changed(STAGING_ENV, written)).containsExactly(5);
  }

  @Test
  void keepsSingleQuotesAndBareValues() {
    String written =
        ValueLocator.envKey("DOCUMENTATION_DOCKER_TAG")
            .write(
                ValueLocator.envKey("DOCUMENT_DOWNLOAD_DOCKER_TAG").write(STAGING_ENV, "abc1234"),
                "def5678");

    assertThat(written)
        .contains("DOCUMENT_DOWNLOAD_DOCKER_TAG: 'abc1234'\n")
        .contains("DOCUMENTATION_DOCKER_TAG: def5678\n");
    assertThat(Lines.changed(STAGING_ENV, written)).containsExactly(6, 7);
  }

  @Test
  void quotesABareValueThatYamlWouldReadAsANumber() {
    ValueLocator locator = ValueLocator.envKey("DOCUMENTATION_DOCKER_TAG");

    String written = locator.write(STAGING_ENV, "1234567");

    assertThat(written).contains("DOCUMENTATION_DOCKER_TAG: \"1234567\"\n");
    assertThat(locator.read(written)).contains("1234567");
    assertThat(locator.write(STAGING_ENV, "1e10000")).contains(": \"1e10000\"\n");
  }

  @Test
  void keepsWindowsLineEndings() {
    String crlf = STAGING_ENV.replace("\n", "\r\n");

    String written = ValueLocator.envKey("API_DOCKER_TAG").write(crlf, "f3d0498");

    assertThat(written)
        .isEqualTo(
            crlf.replace(
                "API_DOCKER_TAG: \"1a2b3c4\" # pinned", "API_DOCKER_TAG: \"f3d0498\" # pinned"));
    assertThat(Lines.changed(crlf, written)).containsExactly(5);
    ValueLocator bare = ValueLocator.envKey("DOCUMENTATION_DOCKER_TAG");
    assertThat(bare.read(crlf)).contains("latest");
    assertThat(bare.write(crlf, "abc1234")).contains("DOCUMENTATION_DOCKER_TAG: abc1234\r\n");
  }

  @Test
  void editsDotenvLinesWithExportAndEquals() {
    String dotenv =
        """
        export API_DOCKER_TAG=1a2b3c4
        API_IMAGE="ghcr.io/cds-snc/notify-api:1a2b3c4"  # full reference
        WORKER_TAG = '1a2b3c4'
        EMPTY=
        """;

    String written =
        ValueLocator.envKey("WORKER_TAG")
            .write(
                ValueLocator.envKey("API_IMAGE")
                    .write(
                        ValueLocator.envKey("API_DOCKER_TAG").write(dotenv, "f3d0498"),
                        "ghcr.io/cds-snc/notify-api:f3d0498"),
                "f3d0498");

    assertThat(written)
        .isEqualTo(
            """
            export API_DOCKER_TAG=f3d0498
            API_IMAGE="ghcr.io/cds-snc/notify-api:f3d0498"  # full reference
            WORKER_TAG = 'f3d0498'
            EMPTY=
            """);
    assertThat(ValueLocator.envKey("EMPTY").read(dotenv)).contains("");
  }

  @Test
  void quotesADotenvValueWithSpacesAndRefusesShellCharacters() {
    ValueLocator locator = ValueLocator.envKey("EMPTY");

    assertThat(locator.write("EMPTY=\n", "two words")).isEqualTo("EMPTY=\"two words\"\n");
    assertThatThrownBy(() -> locator.write("EMPTY=\n", "$(id)"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("$");
  }

  @Test
  void writesAnEmptyYamlValueAfterASpace() {
    assertThat(ValueLocator.envKey("API_DOCKER_TAG").write("API_DOCKER_TAG:\nX: 1\n", "f3d0498"))
        .isEqualTo("API_DOCKER_TAG: f3d0498\nX: 1\n");
  }

  @Test
  void keepsAFileWithoutFinalNewline() {
    assertThat(ValueLocator.envKey("A").write("A: \"1a2b3c4\"", "f3d0498"))
        .isEqualTo("A: \"f3d0498\"");
  }

  @Test
  void readsAndWritesEscapesInDoubleQuotes() {
    ValueLocator locator = ValueLocator.envKey("GREETING");
    String content = "GREETING: \"say \\\"hi\\\"\" # quoted\n";

    assertThat(locator.read(content)).contains("say \"hi\"");
    assertThat(locator.write(content, "a\"b\\c")).isEqualTo("GREETING: \"a\\\"b\\\\c\" # quoted\n");
  }

  @Test
  void aMissingKeyIsATerminalErrorNamingIt() {
    assertThatThrownBy(() -> ValueLocator.envKey("LAMBDA_DOCKER_TAG").write(STAGING_ENV, "x"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).isTrue();
              assertThat(e.category()).isEqualTo(ErrorCategory.USER);
              assertThat(e.field()).contains("key");
            })
        .hasMessage("key LAMBDA_DOCKER_TAG is not set in the file");
  }

  @Test
  void aKeySetTwiceIsAnErrorNamingTheLines() {
    String twice = STAGING_ENV + "API_DOCKER_TAG: \"0000000\"\n";

    assertThatThrownBy(() -> ValueLocator.envKey("API_DOCKER_TAG").read(twice))
        .isInstanceOf(SlipwayException.class)
        .hasMessage("key API_DOCKER_TAG is set on 2 lines (5, 14); it must be set on exactly one");
    assertThatThrownBy(() -> ValueLocator.envKey("API_DOCKER_TAG").write(twice, "f3d0498"))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue());
  }

  @Test
  void refusesValuesThatBreakTheLine() {
    assertThatThrownBy(() -> ValueLocator.envKey("API_DOCKER_TAG").write(STAGING_ENV, "a\nB: c"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("line break");
    assertThatThrownBy(
            () -> ValueLocator.envKey("DOCUMENT_DOWNLOAD_DOCKER_TAG").write(STAGING_ENV, "it's"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("single quote");
  }

  @Test
  void reportsAnUnclosedQuoteWithItsLine() {
    assertThatThrownBy(() -> ValueLocator.envKey("B").read("A: 1\nB: \"abc\n"))
        .isInstanceOf(SlipwayException.class)
        .hasMessage("the value of key B on line 2 has no closing quote");
  }

  @Test
  void refusesAKeyThatIsNotAVariableName() {
    assertThatThrownBy(() -> ValueLocator.envKey("API DOCKER TAG"))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.field()).contains("key"));
  }
}
