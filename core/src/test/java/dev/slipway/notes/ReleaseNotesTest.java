package dev.slipway.notes;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.build.CommitSha;
import dev.slipway.certification.CertifyRequest;
import dev.slipway.identity.Actor;
import dev.slipway.pending.PendingItem;
import dev.slipway.promotion.Promotion;
import dev.slipway.release.Release;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release notes and the pending view of a release whose owners certify one by one: what the ops
 * lead reads instead of a release pull request.
 */
class ReleaseNotesTest {
  private static final Actor ALICE = Actor.person("Alice", "alice@example.com");
  private static final Actor OPS = Actor.person("Ops Lead", "ops@example.com");

  @TempDir Path directory;
  private final TestingClock clock = new TestingClock();
  private TestingSourceRepository source;
  private TestingPipeline pipeline;
  private CommitSha base;
  private CommitSha squash;
  private CommitSha head;

  @BeforeEach
  void setUp() {
    source = TestingSourceRepository.create(directory.resolve("api.git"));
    base = commit("Alice", "alice@example.com", "Start the API");
    pipeline =
        TestingPipeline.start(
            directory, TestDatabase.H2, clock, "manual", Map.of(API, source.directory()), "");
    pipeline.verifyInStaging(API, base);
    Promotion first =
        pipeline.slipway().releases().promote(openRelease().id(), OPS, Optional.empty());
    pipeline.run();
    pipeline.verifyInProduction(first);
    squash =
        commit(
            "Alice",
            "alice@example.com",
            "Limit the rate of sends (#12)\n\nCo-authored-by: Bob <bob@example.com>\n");
    branchCommit("typo", "Carol", "carol@example.com", "Fix a typo");
    head = merge("typo", "Carol", "carol@example.com", "Merge pull request #13 from carol/typo");
    pipeline.verifyInStaging(API, head);
  }

  @AfterEach
  void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void listsEachCommitWithItsOwnersAndWhatTheySaid() {
    Release release = openRelease();
    pipeline.slipway().certifications().certify(release.id(), ALICE, CertifyRequest.certify());

    String notes = pipeline.slipway().notes().write(release.id());

    assertThat(notes)
        .startsWith("# Release " + release.id() + " to production\n\nCut from staging at ")
        .contains("## api: " + base.shortSha() + " → " + head.shortSha() + " (3 commits)\n")
        .contains(
            "- #12 Limit the rate of sends (#12) (`"
                + squash.shortSha()
                + "`, Alice <alice@example.com>, Bob <bob@example.com>)\n"
                + "  - alice@example.com: certified by Alice <alice@example.com> at ")
        .contains("  - bob@example.com: not certified yet\n")
        .contains("- #13 Merge pull request #13 from carol/typo (`" + head.shortSha() + "`")
        .contains(
            "## Gates\n\n- certification: wait (1 of 3 owners certified; waiting on"
                + " carol@example.com, bob@example.com)\n");
  }

  @Test
  void aShippedReleaseKeepsTheChangesItShippedAndWhoCertifiedThem() {
    Release release = openRelease();
    for (Actor owner :
        List.of(
            ALICE,
            Actor.person("Bob", "bob@example.com"),
            Actor.person("Carol", "carol@example.com"))) {
      pipeline.slipway().certifications().certify(release.id(), owner, CertifyRequest.certify());
    }
    Promotion shipping = pipeline.slipway().releases().promote(release.id(), OPS, Optional.empty());
    pipeline.run();
    pipeline.verifyInProduction(shipping);
    assertThat(pipeline.slipway().releases().repository().getRelease(release.id()).state().name())
        .isEqualTo("SHIPPED");

    String notes = pipeline.slipway().notes().write(release.id());

    assertThat(notes)
        .contains("## api: " + base.shortSha() + " → " + head.shortSha() + " (3 commits)\n")
        .contains("  - bob@example.com: certified by Bob <bob@example.com> at ")
        .contains("  - carol@example.com: certified by Carol <carol@example.com> at ")
        .contains("- certification: pass (3 of 3 owners certified)");
  }

  @Test
  void linksPullRequestsOfRepositoriesOnGitHub() {
    assertThat(ReleaseNotes.pullRequestBase("https://github.com/cds-snc/notification-api.git"))
        .contains("https://github.com/cds-snc/notification-api/pull/");
    assertThat(ReleaseNotes.pullRequestBase("git@github.com:cds-snc/notification-api.git"))
        .contains("https://github.com/cds-snc/notification-api/pull/");
    assertThat(ReleaseNotes.pullRequestBase("https://gitlab.com/org/repo.git")).isEmpty();
  }

  @Test
  void pendingSaysWhomAnOpenReleaseWaitsOnAndForHowLong() {
    Release release = openRelease();
    clock.advance(Duration.ofHours(3));

    List<PendingItem> pending = pipeline.slipway().pending().list(Optional.of(PRODUCTION));

    assertThat(pending).hasSize(1);
    PendingItem item = pending.get(0);
    assertThat(item.release()).contains(release.id());
    assertThat(item.what()).isEqualTo("release " + release.id() + " (api@" + head.shortSha() + ")");
    assertThat(item.waitingOn())
        .isEqualTo(
            "0 of 3 owners certified; waiting on carol@example.com, alice@example.com,"
                + " bob@example.com; then someone to promote it: slipway promote --env production"
                + " --release "
                + release.id());
    assertThat(item.waited()).isEqualTo(Duration.between(release.cutAt(), clock.instant()));
    assertThat(item.waited()).isGreaterThanOrEqualTo(Duration.ofHours(3));
  }

  private Release openRelease() {
    return pipeline
        .slipway()
        .releases()
        .repository()
        .listReleases(Optional.of(PRODUCTION), 1)
        .get(0);
  }

  private CommitSha commit(String name, String email, String message) {
    return CommitSha.of(source.commit(TestingSourceRepository.person(name, email), message).push());
  }

  /** A pull request's commit on its own branch off main's head, not yet merged. */
  private CommitSha branchCommit(String branch, String name, String email, String message) {
    source.branch(branch, source.head());
    return CommitSha.of(
        source.commit(TestingSourceRepository.person(name, email), message).on(branch).push());
  }

  private CommitSha merge(String branch, String name, String email, String message) {
    return CommitSha.of(source.merge(branch, TestingSourceRepository.person(name, email), message));
  }
}
