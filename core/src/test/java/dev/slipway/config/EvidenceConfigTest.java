package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.TestingPluginValidator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code evidence:} section of the configuration. */
class EvidenceConfigTest {
  private static final String BASE =
      """
      components:
        api: {}
      environments:
        staging: {}
      """;

  private final ConfigLoader loader = new ConfigLoader(TestingPluginValidator.builtIn());

  @Test
  void keepsRawReportsNinetyDaysUnlessTold() {
    assertThat(loader.parse(BASE, "slipway.yaml").evidence().retention())
        .isEqualTo(Duration.ofDays(90));
    assertThat(
            loader
                .parse(BASE + "evidence:\n  retention: 14d\n", "slipway.yaml")
                .evidence()
                .retention())
        .isEqualTo(Duration.ofDays(14));
  }

  @Test
  void refusesARetentionThatIsNotAPositiveDurationAndSaysWhere() {
    assertThatThrownBy(() -> loader.parse(BASE + "evidence:\n  retention: 0d\n", "slipway.yaml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("evidence.retention")
        .hasMessageContaining("must be longer than zero");
    assertThatThrownBy(() -> loader.parse(BASE + "evidence:\n  retention: soon\n", "slipway.yaml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("evidence.retention");
    assertThatThrownBy(() -> loader.parse(BASE + "evidence:\n  keep: 1d\n", "slipway.yaml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown key 'keep'");
  }
}
