package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS =
      List.of("type", "repository", "file", "key", "yamlPath", "value");

  @Test
  void suggestsTheKeyMeantByASlip() {
    assertThat(Suggestions.closest("fiel", KEYS)).contains("file");
    assertThat(Suggestions.closest("repo", KEYS)).isEmpty();
    assertThat(Suggestions.closest("repositry", KEYS)).contains("repository");
    assertThat(Suggestions.closest("yamlpath", KEYS)).contains("yamlPath");
    assertThat(Suggestions.closest("vlaue", KEYS)).contains("value");
  }

  @Test
  void suggestsNothingForAWordThatIsNotClose() {
    assertThat(Suggestions.closest("notifications", KEYS)).isEmpty();
    assertThat(Suggestions.closest("x", KEYS)).isEmpty();
    assertThat(Suggestions.closest("file", KEYS)).as("a known key is not a slip").isEmpty();
    assertThat(Suggestions.closest("fiel", List.of())).isEmpty();
  }

  @Test
  void countsASwapOfNeighbouringLettersAsOneSlip() {
    assertThat(Suggestions.distance("fiel", "file")).isEqualTo(1);
    assertThat(Suggestions.distance("staging", "stagng")).isEqualTo(1);
    assertThat(Suggestions.distance("api", "admin")).isEqualTo(3);
  }
}
