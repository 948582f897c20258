package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartFolderTest {
  @TempDir Path directory;

  @Test
  void claimsAFolderThatDoesNotExistYet() {
    QuickstartFolder folder = QuickstartFolder.prepare(directory.resolve("new"), false);

    assertThat(folder.state()).isEqualTo(QuickstartFolder.State.NEW);
    assertThat(folder.root().resolve(QuickstartFolder.MARKER)).isRegularFile();
  }

  @Test
  void claimsAnEmptyFolder() {
    QuickstartFolder folder = QuickstartFolder.prepare(directory, false);

    assertThat(folder.state()).isEqualTo(QuickstartFolder.State.NEW);
    assertThat(folder.root()).isEqualTo(directory.toAbsolutePath().normalize());
  }

  @Test
  void refusesAFolderItDidNotMakeEvenWhenAskedToStartOver() throws Exception {
    Path notes = Files.writeString(directory.resolve("notes.txt"), "mine\n", UTF_8);

    for (boolean fresh : new boolean[] {false, true}) {
      assertThatThrownBy(() -> QuickstartFolder.prepare(directory, fresh))
          .isInstanceOfSatisfying(
              SlipwayException.class,
              e -> {
                assertThat(e.category()).isEqualTo(ErrorCategory.USER);
                assertThat(e.field()).contains("--dir");
              })
          .hasMessageContaining("was not made by slipway quickstart");
    }
    assertThat(notes).hasContent("mine");
  }

  @Test
  void carriesOnInAFolderAnEarlierQuickstartMade() throws Exception {
    QuickstartFolder earlier = complete(QuickstartFolder.prepare(directory, false));
    Path data = Files.writeString(earlier.root().resolve("data-file"), "kept\n", UTF_8);

    QuickstartFolder again = QuickstartFolder.prepare(directory, false);

    assertThat(again.state()).isEqualTo(QuickstartFolder.State.REUSED);
    assertThat(data).hasContent("kept");
  }

  @Test
  void freshEmptiesAnEarlierQuickstartsFolderWithoutFollowingLinksOutOfIt() throws Exception {
    QuickstartFolder earlier = complete(QuickstartFolder.prepare(directory.resolve("qs"), false));
    Path outside = Files.createDirectories(directory.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious.txt"), "keep me\n", UTF_8);
    Files.createSymbolicLink(earlier.root().resolve("link"), outside);

    QuickstartFolder fresh = QuickstartFolder.prepare(earlier.root(), true);

    assertThat(fresh.state()).isEqualTo(QuickstartFolder.State.WIPED);
    assertThat(fresh.manifests()).doesNotExist();
    assertThat(fresh.root().resolve("link")).doesNotExist();
    assertThat(fresh.root().resolve(QuickstartFolder.MARKER)).isRegularFile();
    assertThat(precious).hasContent("keep me");
  }

  @Test
  void startsOverInAnEarlierQuickstartsFolderThatWasLeftIncomplete() throws Exception {
    QuickstartFolder earlier = QuickstartFolder.prepare(directory, false);
    Files.createDirectories(earlier.manifests());

    QuickstartFolder again = QuickstartFolder.prepare(directory, false);

    assertThat(again.state()).isEqualTo(QuickstartFolder.State.WIPED);
    assertThat(again.manifests()).doesNotExist();
  }

  @Test
  void refusesAFileAsTheFolder() throws Exception {
    Path file = Files.writeString(directory.resolve("file"), "x", UTF_8);

    assertThatThrownBy(() -> QuickstartFolder.prepare(file, true))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("is not a folder");
    assertThat(file).hasContent("x");
  }

  /** Gives a claimed folder the parts a finished set-up leaves. */
  private static QuickstartFolder complete(QuickstartFolder folder) throws Exception {
    Files.createDirectories(folder.manifests());
    for (String component : QuickstartFolder.COMPONENTS) {
      Files.createDirectories(folder.source(component));
    }
    return folder;
  }
}
