package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsTheShortFormsAndTheirSums() {
    assertThat(Durations.parse("1h30m", "bakeTime")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("250ms", "interval")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("PT5M", "bakeTime")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesADurationTooLongToWaitAsAUserErrorOnTheField() {
    for (String tooLong : new String[] {"99999999999999999999s", "106751991167301d"}) {
      assertThatThrownBy(() -> Durations.parse(tooLong, "bakeTime"))
          .isInstanceOfSatisfying(
              SlipwayException.class,
              e -> {
                assertThat(e.category()).isEqualTo(ErrorCategory.USER);
                assertThat(e.field()).contains("bakeTime");
                assertThat(e)
                    .hasMessage("'%s' is longer than any duration Slipway can wait", tooLong);
              });
    }
  }
}
