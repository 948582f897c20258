package dev.slipway.change;

import static dev.slipway.testing.TestingSourceRepository.ALICE;
import static dev.slipway.testing.TestingSourceRepository.BOB;
import static dev.slipway.testing.TestingSourceRepository.CAROL;
import static dev.slipway.testing.TestingSourceRepository.GITHUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.testing.TestingSourceRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeSetsTest {
  private static final ComponentName API = ComponentName.of("api");

  @TempDir Path folder;

  private TestingSourceRepository remote;
  private final List<ComponentSources> opened = new ArrayList<>();

  @BeforeEach
  void makeRemote() {
    remote = TestingSourceRepository.create(folder.resolve("notification-api.git"));
  }

  @AfterEach
  void closeSources() {
    opened.forEach(ComponentSources::close);
  }

  @Test
  void listsTheCommitsOfAForwardReleaseNewestFirstWithTheirPeople() {
    String running = remote.commit(ALICE, "Start the API").push();
    String first = remote.commit(ALICE, "Add the send endpoint").push();
    String second =
        remote
            .commit(BOB, "Retry failed deliveries (#412)\n\nBacks off exponentially.")
            .committedBy(GITHUB)
            .push();

    ChangeSet changes = changeSets(remote.fileUrl()).between(API, sha(running), of(second));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.FORWARD);
    assertThat(changes.from()).contains(CommitSha.of(running));
    assertThat(changes.to()).isEqualTo(CommitSha.of(second));
    assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(second, first);
    ChangeCommit squash = changes.commits().get(0);
    assertThat(squash.author()).isEqualTo(identity(BOB));
    assertThat(squash.committer()).isEqualTo(identity(GITHUB));
    assertThat(squash.subject()).isEqualTo("Retry failed deliveries (#412)");
    assertThat(squash.pullRequest()).contains(412);
    assertThat(squash.coAuthors()).isEmpty();
    assertThat(squash.committedAt()).isAfter(changes.commits().get(1).committedAt());
    assertThat(changes.commits().get(1).author()).isEqualTo(identity(ALICE));
    assertThat(changes.commits().get(1).pullRequest()).isEmpty();
  }

  @Test
  void readsCoAuthorsFromTheTrailersInAnyCaseAndSkipsMalformedOnes() {
    String running = remote.commit(ALICE, "Start the API").push();
    String release =
        remote
            .commit(
                ALICE,
                """
                Send letters through the new provider (#98)

                * Add the provider client
                * Co-authored-by: Nobody <in@the.body> is prose, not a trailer

                ---------

                Co-authored-by: Bob Tremblay <bob@example.org>
                co-authored-by: Carol Singh <carol@example.org>
                CO-AUTHORED-BY : Dan Roy <dan@example.org>
                Co-authored-by: Missing Email
                Co-authored-by: <nobody@example.org>
                Co-authored-by: Broken <broken@example.org
                Co-authored-by: Bob Again <BOB@example.org>
                Co-authored-by: Alice Martin <alice@example.org>
                Signed-off-by: Alice Martin <alice@example.org>
                """)
            .committedBy(GITHUB)
            .push();

    ChangeCommit commit =
        changeSets(remote.fileUrl()).between(API, sha(running), of(release)).commits().get(0);

    assertThat(commit.coAuthors())
        .containsExactly(
            identity(BOB), identity(CAROL), new CommitIdentity("Dan Roy", "dan@example.org"));
    assertThat(commit.owners())
        .containsExactly(
            identity(ALICE),
            identity(BOB),
            identity(CAROL),
            new CommitIdentity("Dan Roy", "dan@example.org"));
    assertThat(commit.pullRequest()).contains(98);
  }

  @Test
  void aCoAuthorLineInTheSubjectParagraphIsNotATrailer() {
    String running = remote.commit(ALICE, "Start the API").push();
    String release =
        remote
            .commit(ALICE, "Fix the retry\nCo-authored-by: Bob Tremblay <bob@example.org>")
            .push();

    ChangeCommit commit =
        changeSets(remote.fileUrl()).between(API, sha(running), of(release)).commits().get(0);

    assertThat(commit.coAuthors()).isEmpty();
    assertThat(commit.subject())
        .isEqualTo("Fix the retry Co-authored-by: Bob Tremblay <bob@example.org>");
  }

  @Test
  void listsTheCommitsOfAMergedPullRequestWithTheMergeAndItsNumber() {
    String running = remote.commit(ALICE, "Start the API").push();
    remote.branch("letters", running);
    String branchFirst = remote.commit(CAROL, "Add the letter template").on("letters").push();
    String branchSecond = remote.commit(CAROL, "Render letters as PDF").on("letters").push();
    String mainline = remote.commit(BOB, "Bump the SDK (#501)").committedBy(GITHUB).push();
    String merge =
        remote.merge(
            "letters", CAROL, "Merge pull request #502 from cds-snc/letters\n\nSend letters");

    ChangeSet changes = changeSets(remote.fileUrl()).between(API, sha(running), of(merge));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.FORWARD);
    assertThat(changes.commits())
        .extracting(c -> c.sha().value())
        .containsExactly(merge, mainline, branchSecond, branchFirst);
    ChangeCommit mergeCommit = changes.commits().get(0);
    assertThat(mergeCommit.subject()).isEqualTo("Merge pull request #502 from cds-snc/letters");
    assertThat(mergeCommit.pullRequest()).contains(502);
    assertThat(mergeCommit.committer()).isEqualTo(identity(GITHUB));
    assertThat(changes.commits().get(1).pullRequest()).contains(501);
    assertThat(changes.commits().get(2).pullRequest()).isEmpty();
  }

  @Test
  void aReleaseBehindTheRunningBuildIsADowngradeListingTheCommitsItWouldRemove() {
    String release = remote.commit(ALICE, "Start the API").push();
    String first = remote.commit(BOB, "Add the send endpoint (#7)").push();
    String running = remote.commit(CAROL, "Add the status endpoint (#8)").push();

    ChangeSet changes = changeSets(remote.fileUrl()).between(API, sha(running), of(release));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.DOWNGRADE);
    assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(running, first);
    assertThat(changes.commits())
        .extracting(ChangeCommit::pullRequest)
        .containsExactly(Optional.of(8), Optional.of(7));
  }

  @Test
  void buildsFromBranchesThatDivergedListTheReleaseCommitsTheRunningBuildLacks() {
    String base = remote.commit(ALICE, "Start the API").push();
    remote.branch("hotfix", base);
    String mainFirst = remote.commit(ALICE, "Add the send endpoint").push();
    String release = remote.commit(BOB, "Add the status endpoint").push();
    String running = remote.commit(CAROL, "Hotfix the login").on("hotfix").push();

    ChangeSet changes = changeSets(remote.fileUrl()).between(API, sha(running), of(release));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.DIVERGED);
    assertThat(changes.commits())
        .extracting(c -> c.sha().value())
        .containsExactly(release, mainFirst);
  }

  @Test
  void theSameCommitRunningIsUnchangedWithNothingToCertify() {
    String running = remote.commit(ALICE, "Start the API").push();

    ChangeSet changes = changeSets(remote.fileUrl()).between(API, sha(running), of(running));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.UNCHANGED);
    assertThat(changes.commits()).isEmpty();
  }

  @Test
  void nothingRunningIsAnInitialChangeSetWithNoCommits() {
    remote.commit(ALICE, "Start the API").push();
    String release = remote.commit(BOB, "Add the send endpoint").push();

    ChangeSet changes = changeSets(remote.fileUrl()).between(API, Optional.empty(), of(release));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.INITIAL);
    assertThat(changes.from()).isEmpty();
    assertThat(changes.commits()).isEmpty();
  }

  @Test
  void pathFiltersListOnlyTheCommitsTouchingTheComponentsPaths() {
    String running = remote.commit(ALICE, "Start the monorepo").touching("api/app.py").push();
    String api = remote.commit(ALICE, "Add the send endpoint").touching("api/send.py").push();
    remote.commit(BOB, "Restyle the admin").touching("admin/style.css").push();
    String shared =
        remote.commit(CAROL, "Share the client").touching("shared/client.py", "docs/x.md").push();
    remote.commit(BOB, "Document the API").touching("docs/api.md").push();
    String release = remote.commit(BOB, "Note the release").touching("apiary/notes.md").push();

    ChangeSets changeSets = changeSets(remote.fileUrl(), List.of("api/", "shared"));
    ChangeSet changes = changeSets.between(API, sha(running), of(release));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.FORWARD);
    assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(shared, api);
    ChangeSet downgrade = changeSets.between(API, sha(release), of(running));
    assertThat(downgrade.direction()).isEqualTo(ChangeDirection.DOWNGRADE);
    assertThat(downgrade.commits()).extracting(c -> c.sha().value()).containsExactly(shared, api);
  }

  @Test
  void aPathFilteredReleaseOnADivergedBranchIsStillDiverged() {
    String base = remote.commit(ALICE, "Start the monorepo").touching("api/app.py").push();
    remote.branch("hotfix", base);
    String api = remote.commit(ALICE, "Add the send endpoint").touching("api/send.py").push();
    String release = remote.commit(BOB, "Restyle the admin").touching("admin/style.css").push();
    String running = remote.commit(CAROL, "Hotfix").touching("api/app.py").on("hotfix").push();

    ChangeSet changes =
        changeSets(remote.fileUrl(), List.of("api")).between(API, sha(running), of(release));

    assertThat(changes.direction()).isEqualTo(ChangeDirection.DIVERGED);
    assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(api);
  }

  @Test
  void aRunningCommitThatAForcePushRemovedIsAnErrorNamingIt() {
    String base = remote.commit(ALICE, "Start the API").push();
    remote.commit(BOB, "Add the send endpoint").push();
    String running = remote.commit(BOB, "Add the status endpoint").push();
    remote.forcePush(base);
    String release = remote.commit(CAROL, "Add the letters endpoint").push();

    assertThatThrownBy(() -> changeSets(remote.fileUrl()).between(API, sha(running), of(release)))
        .isInstanceOfSatisfying(
            MissingCommitException.class,
            e -> {
              assertThat(e.commit()).isEqualTo(CommitSha.of(running));
              assertThat(e.component()).isEqualTo(API);
              assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL);
              assertThat(e.isTerminal()).isTrue();
            })
        .hasMessageContaining("commit " + running)
        .hasMessageContaining("component api")
        .hasMessageContaining(remote.fileUrl())
        .hasMessageContaining("even after a fetch");
  }

  @Test
  void anAmendedCommitTheMirrorSawBeforeTheForcePushIsStillCompared() {
    String base = remote.commit(ALICE, "Start the API").push();
    String running = remote.commit(BOB, "Add the send endpoint").push();
    ChangeSets changeSets = changeSets(remote.fileUrl());
    assertThat(changeSets.between(API, sha(base), of(running)).commits()).hasSize(1);

    String release = remote.amendHead("Add the send endpoint (#3)");

    ChangeSet changes = changeSets.between(API, sha(running), of(release));
    assertThat(changes.direction()).isEqualTo(ChangeDirection.DIVERGED);
    assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(release);
    assertThat(changes.commits().get(0).pullRequest()).contains(3);
  }

  @Test
  void aCommitPushedAfterTheMirrorWasMadeIsFoundAfterOneFetch() {
    String running = remote.commit(ALICE, "Start the API").push();
    String first = remote.commit(BOB, "Add the send endpoint").push();
    Sources sources = sources(remote.fileUrl(), List.of());
    ChangeSets changeSets = new ChangeSets(sources.config(), sources.sources());
    assertThat(changeSets.between(API, sha(running), of(first)).commits()).hasSize(1);
    assertThat(sources.sources().fetchCount(API)).isEqualTo(1);
    assertThat(sources.sources().mirrorDirectory(API)).isDirectory();

    changeSets.between(API, sha(first), of(running));
    assertThat(sources.sources().fetchCount(API)).isEqualTo(1);

    String pushedLater = remote.commit(CAROL, "Add the status endpoint").push();
    ChangeSet changes = changeSets.between(API, sha(running), of(pushedLater));

    assertThat(changes.commits())
        .extracting(c -> c.sha().value())
        .containsExactly(pushedLater, first);
    assertThat(sources.sources().fetchCount(API)).isEqualTo(2);
  }

  @Test
  void aMirrorMadeByAnEarlierRunIsReusedWithoutFetching() {
    String running = remote.commit(ALICE, "Start the API").push();
    String release = remote.commit(BOB, "Add the send endpoint").push();
    ComponentSources first = sources(remote.fileUrl(), List.of()).sources();
    new ChangeSets(configFor(remote.fileUrl(), List.of()), first)
        .between(API, sha(running), of(release));
    first.close();

    Sources second = sources(remote.fileUrl(), List.of());
    ChangeSet changes =
        new ChangeSets(second.config(), second.sources()).between(API, sha(running), of(release));

    assertThat(changes.commits()).hasSize(1);
    assertThat(second.sources().fetchCount(API)).isZero();
  }

  @Test
  void callersMissingTheSameCommitAtOnceShareOneFetch() throws Exception {
    String running = remote.commit(ALICE, "Start the API").push();
    String release = remote.commit(BOB, "Add the send endpoint").push();
    Sources sources = sources(remote.fileUrl(), List.of());
    ChangeSets changeSets = new ChangeSets(sources.config(), sources.sources());
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(callers);
    try {
      List<Future<ChangeSet>> results = new ArrayList<>();
      Callable<ChangeSet> call =
          () -> {
            start.await();
            return changeSets.between(API, sha(running), of(release));
          };
      for (int i = 0; i < callers; i++) {
        results.add(executor.submit(call));
      }
      start.countDown();
      for (Future<ChangeSet> result : results) {
        assertThat(result.get().commits())
            .extracting(c -> c.sha().value())
            .containsExactly(release);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(sources.sources().fetchCount(API)).isEqualTo(1);
  }

  @Test
  void aFailedFetchNamesTheComponentAndTheRepositoryWithTheRemotesMessage() {
    String missingRemote = folder.resolve("gone.git").toUri().toString();

    assertThatThrownBy(
            () ->
                changeSets(missingRemote)
                    .between(
                        API,
                        sha("1111111111111111111111111111111111111111"),
                        of("2222222222222222222222222222222222222222")))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL))
        .hasMessageStartingWith(
            "fetch of repository " + missingRemote + " for component api failed: ")
        .hasMessageContaining("gone.git");
  }

  @Test
  void aLocalPathIsReadInPlaceWithoutAMirror() {
    String running = remote.commit(ALICE, "Start the API").push();
    Sources sources = sources(remote.path(), List.of());
    ChangeSets changeSets = new ChangeSets(sources.config(), sources.sources());
    String first = remote.commit(BOB, "Add the send endpoint").push();
    assertThat(changeSets.between(API, sha(running), of(first)).commits()).hasSize(1);

    String pushedLater = remote.commit(CAROL, "Add the status endpoint").push();
    ChangeSet changes = changeSets.between(API, sha(running), of(pushedLater));

    assertThat(changes.commits())
        .extracting(c -> c.sha().value())
        .containsExactly(pushedLater, first);
    assertThat(sources.sources().fetchCount(API)).isZero();
    assertThat(sources.sources().mirrorDirectory(API)).doesNotExist();
  }

  @Test
  void aCommitMissingFromALocalPathIsAnErrorNamingThePath() {
    String running = remote.commit(ALICE, "Start the API").push();

    assertThatThrownBy(
            () ->
                changeSets(remote.path())
                    .between(API, sha(running), of("3333333333333333333333333333333333333333")))
        .isInstanceOf(MissingCommitException.class)
        .hasMessage(
            "commit 3333333333333333333333333333333333333333 of component api is not in its"
                + " repository "
                + remote.path()
                + ": history was rewritten (a force-push) or the commit was never pushed");
  }

  @Test
  void aRepositoryNamedUnderRepositoriesIsFetchedFromItsUrl() {
    String running = remote.commit(ALICE, "Start the API").push();
    String release = remote.commit(BOB, "Add the send endpoint").push();
    RepositoryConfig named =
        new RepositoryConfig(
            "api-source",
            remote.fileUrl(),
            "main",
            "x-access-token",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "Slipway",
            "slipway@localhost",
            1);
    SlipwayConfig config =
        new SlipwayConfig(
            folder.resolve("slipway.yaml"),
            Map.of("api-source", named),
            Map.of(API, new ComponentConfig(API, Optional.of("api-source"), Optional.empty())),
            Map.of());
    ComponentSources sources = track(new ComponentSources(config, folder.resolve("data"), NONE));

    ChangeSet changes = new ChangeSets(config, sources).between(API, sha(running), of(release));

    assertThat(changes.commits()).extracting(c -> c.sha().value()).containsExactly(release);
    assertThat(sources.fetchCount(API)).isEqualTo(1);
  }

  @Test
  void aComponentWithoutARepositoryHasNoChangeSetBeyondTheTrivialOnes() {
    SlipwayConfig config =
        new SlipwayConfig(
            folder.resolve("slipway.yaml"),
            Map.of(),
            Map.of(API, new ComponentConfig(API, Optional.empty(), Optional.empty())),
            Map.of());
    ChangeSets changeSets =
        new ChangeSets(config, track(new ComponentSources(config, folder.resolve("data"), NONE)));
    CommitSha one = CommitSha.of("1111111111111111111111111111111111111111");
    CommitSha two = CommitSha.of("2222222222222222222222222222222222222222");

    assertThat(changeSets.between(API, Optional.of(one), one).direction())
        .isEqualTo(ChangeDirection.UNCHANGED);
    assertThatThrownBy(() -> changeSets.between(API, Optional.of(one), two))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessage(
            "component api has no repository (components.api.repository), so its change sets"
                + " cannot be read");
  }

  @Test
  void aReleaseCommitThatIsNotACommitIsRefused() throws IOException {
    String running = remote.commit(ALICE, "Start the API").push();
    String tree;
    try (Repository repository =
            new FileRepositoryBuilder().setGitDir(remote.directory().toFile()).build();
        RevWalk walk = new RevWalk(repository)) {
      tree = walk.parseCommit(ObjectId.fromString(running)).getTree().name();
    }

    assertThatThrownBy(() -> changeSets(remote.path()).between(API, sha(running), of(tree)))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessage(
            "the release build's commit "
                + tree
                + " of component api is not a commit in its"
                + " repository");
  }

  private static final Secrets NONE = name -> Optional.empty();

  private record Sources(SlipwayConfig config, ComponentSources sources) {}

  private ChangeSets changeSets(String repository) {
    return changeSets(repository, List.of());
  }

  private ChangeSets changeSets(String repository, List<String> paths) {
    Sources sources = sources(repository, paths);
    return new ChangeSets(sources.config(), sources.sources());
  }

  private Sources sources(String repository, List<String> paths) {
    SlipwayConfig config = configFor(repository, paths);
    return new Sources(config, track(new ComponentSources(config, folder.resolve("data"), NONE)));
  }

  private SlipwayConfig configFor(String repository, List<String> paths) {
    return new SlipwayConfig(
        folder.resolve("slipway.yaml"),
        Map.of(),
        Map.of(API, new ComponentConfig(API, Optional.of(repository), Optional.empty(), paths)),
        Map.of());
  }

  private ComponentSources track(ComponentSources sources) {
    opened.add(sources);
    return sources;
  }

  private static Optional<CommitSha> sha(String commit) {
    return Optional.of(CommitSha.of(commit));
  }

  private static CommitSha of(String commit) {
    return CommitSha.of(commit);
  }

  private static CommitIdentity identity(PersonIdent person) {
    return new CommitIdentity(person.getName(), person.getEmailAddress());
  }
}
