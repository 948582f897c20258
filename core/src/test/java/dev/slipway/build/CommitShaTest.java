package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

class CommitShaTest {
  @Test
  void keepsAFullCommitIdInLowerCase() {
    assertThat(CommitSha.of("f3d0498a1b2c3d4e5f60718293a4b5c6d7e8f901").value())
        .isEqualTo("f3d0498a1b2c3d4e5f60718293a4b5c6d7e8f901");
    assertThat(CommitSha.of("F3D0498A1B2C3D4E5F60718293A4B5C6D7E8F901").value())
        .isEqualTo("f3d0498a1b2c3d4e5f60718293a4b5c6d7e8f901");
  }

  @Test
  void refusesWhatIsNotAFullHexadecimalId() {
    for (String wrong :
        new String[] {
          "f3d0498",
          "f3d0498a1b2c3d4e5f60718293a4b5c6d7e8f9012",
          "g3d0498a1b2c3d4e5f60718293a4b5c6d7e8f901",
          "f3d0498a1b2c3d4e5f60718293a4b5c6d7e8f90 "
        }) {
      assertThatThrownBy(() -> CommitSha.of(wrong))
          .isInstanceOf(SlipwayException.class)
          .hasMessageContaining("is not a full 40-character hexadecimal git commit id");
    }
  }
}
