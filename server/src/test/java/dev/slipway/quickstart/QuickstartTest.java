package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.CommitSha;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.config.Secrets;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.promotion.EngineSettings;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionBuild;
import dev.slipway.promotion.PromotionKind;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.storage.DatabaseSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's show, run through the command line at the fast pace on free ports, and checked
 * afterwards by reading its folder: the repositories and Slipway's own database.
 */
class QuickstartTest {
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");

  @TempDir Path directory;

  @Test
  void deploysTheGoodBuildsToStagingAndRollsTheBadOneBackWithARevertCommit() throws Exception {
    Path folder = directory.resolve("quickstart");
    Run run = quickstart(folder);

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<RevCommit> api = commits(folder.resolve("sources/api/.git"));
    List<RevCommit> admin = commits(folder.resolve("sources/admin/.git"));
    String bad = api.get(0).getName();
    String good = api.get(1).getName();
    String first = api.get(2).getName();
    assertThat(api.get(0).getShortMessage()).isEqualTo(Changes.API_CACHE.subject());
    assertThat(api.get(0).getAuthorIdent().getName()).isEqualTo(Changes.MEI.name());
    try (Slipway slipway = reopen(folder)) {
      List<Promotion> promotions =
          new ArrayList<>(slipway.engine().promotions().listPromotions(Optional.of(STAGING), 100));
      Collections.reverse(promotions);
      assertThat(promotions).extracting(Promotion::kind).containsOnly(PromotionKind.DEPLOY);
      assertThat(promotions)
          .extracting(QuickstartTest::deployed)
          .containsExactly(first, admin.get(0).getName(), good, bad);
      assertThat(promotions)
          .extracting(Promotion::phase)
          .containsExactly(
              PromotionPhase.SUCCEEDED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.FAILED);
      Promotion failed = promotions.get(3);
      assertThat(failed.revertReference()).isPresent();

      List<RevCommit> manifests = commits(folder.resolve("manifests.git"));
      assertThat(manifests.get(0).getName()).isEqualTo(failed.revertReference().get());
      assertThat(manifests)
          .extracting(RevCommit::getShortMessage)
          .containsExactly(
              "Revert \"Deploy api@" + bad.substring(0, 7) + " to staging\"",
              "Deploy api@" + bad.substring(0, 7) + " to staging",
              "Deploy api@" + good.substring(0, 7) + " to staging",
              "Deploy admin@" + admin.get(0).getName().substring(0, 7) + " to staging",
              "Deploy api@" + first.substring(0, 7) + " to staging",
              "Add the helmfile overrides of staging and production");
      assertThat(manifests.get(0).getFullMessage())
          .contains("This reverts commit " + failed.deployReference().orElseThrow());
      assertThat(
              ManifestsRepository.open(folder.resolve("manifests.git"))
                  .file("helmfile/overrides/staging.env")
                  .orElseThrow())
          .contains("API_DOCKER_TAG: \"" + good.substring(0, 7) + "\"")
          .contains("ADMIN_DOCKER_TAG: \"" + admin.get(0).getName().substring(0, 7) + "\"")
          .contains("# notification-api; the celery workers run the same image");

      assertThat(slipway.environments().listRejections(Optional.of(STAGING)))
          .extracting(rejection -> rejection.build().commit())
          .containsExactly(CommitSha.of(bad));
      assertThat(slipway.audit().verify(slipway.database().jdbi()).intact()).isTrue();

      Path token = folder.resolve("token");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
          .isEqualTo("rw-------");
      assertThat(slipway.identities().authenticate(Files.readString(token, UTF_8).strip()).email())
          .endsWith("@localhost");
    }
    assertThat(run.output())
        .contains("with the revert commit")
        .contains("api@" + bad.substring(0, 7) + " is now rejected in staging")
        .contains("Revert \"Deploy api@" + bad.substring(0, 7) + " to staging\"")
        .contains("$ ./slipway history --env staging")
        .contains("Audit record intact")
        .contains(
            "./slipway promote --env production --build api@"
                + good
                + " --build admin@"
                + admin.get(0).getName())
        .doesNotContain("Not everything went as the story expects");
  }

  @Test
  void carriesOnFromAnEarlierRunAndStartsOverWhenAskedToBeFresh() throws Exception {
    Path folder = directory.resolve("quickstart");
    assertThat(quickstart(folder).exitCode()).isZero();

    Run again = quickstart(folder);

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).startsWith("Slipway quickstart, carrying on in ");
    try (Slipway slipway = reopen(folder)) {
      assertThat(slipway.engine().promotions().listPromotions(Optional.of(STAGING), 100))
          .extracting(Promotion::phase)
          .containsExactly(
              PromotionPhase.FAILED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.FAILED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.SUCCEEDED,
              PromotionPhase.SUCCEEDED);
      assertThat(slipway.environments().listRejections(Optional.of(STAGING))).hasSize(2);
    }
    assertThat(commits(folder.resolve("sources/api/.git"))).hasSize(2 + 3 + 3);

    Run fresh = quickstart(folder, "--fresh");

    assertThat(fresh.exitCode()).as(fresh.output()).isZero();
    assertThat(fresh.output()).startsWith("Slipway quickstart, emptied and made again in ");
    try (Slipway slipway = reopen(folder)) {
      assertThat(slipway.engine().promotions().listPromotions(Optional.of(STAGING), 100))
          .hasSize(4);
    }
    assertThat(commits(folder.resolve("sources/api/.git"))).hasSize(2 + 3);
  }

  @Test
  void refusesToStartInAFolderItDidNotMake() throws Exception {
    Path folder = Files.createDirectories(directory.resolve("mine"));
    Path notes = Files.writeString(folder.resolve("notes.txt"), "mine\n", UTF_8);

    Run run = quickstart(folder, "--fresh");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("was not made by slipway quickstart");
    assertThat(notes).hasContent("mine");
    assertThat(folder.resolve("token")).doesNotExist();
  }

  private static String deployed(Promotion promotion) {
    return promotion.builds().stream()
        .map(PromotionBuild::expectedVersion)
        .reduce((a, b) -> a + "," + b)
        .orElse("");
  }

  private record Run(int exitCode, String output) {}

  private static Run quickstart(Path folder, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new ArrayList<>(
            List.of(
                "quickstart",
                "--dir",
                folder.toString(),
                "--port",
                "0",
                "--exit-when-done",
                "--pace",
                "fast",
                "--program",
                "./slipway"));
    args.addAll(List.of(extra));
    int exitCode =
        SlipwayCommand.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Run(exitCode, out + "\n--- standard error ---\n" + err);
  }

  private static Slipway reopen(Path folder) {
    return Slipway.open(
        new SlipwaySettings(
            folder.resolve("slipway.yaml"),
            folder.resolve("data"),
            DatabaseSettings.embedded(folder.resolve("data")),
            EngineSettings.defaults("test"),
            Secrets.fromEnvironment(),
            Clock.systemUTC()));
  }

  /** The commits of main, newest first. */
  private static List<RevCommit> commits(Path gitDirectory) throws IOException {
    try (var repository =
            new FileRepositoryBuilder()
                .setGitDir(gitDirectory.toFile())
                .setMustExist(true)
                .build();
        RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(repository.resolve(Constants.R_HEADS + "main")));
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit commit : walk) {
        walk.parseBody(commit);
        commits.add(commit);
      }
      return commits;
    }
  }
}
