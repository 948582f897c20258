package dev.slipway.certification;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static dev.slipway.testing.TestingPipeline.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.approval.ApprovalRepository;
import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.change.ChangeDirection;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.gate.GateVerdict;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.release.Release;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Owners certify the commits a release brings, on a real repository with several authors, a
 * co-author on a GitHub noreply address, a squash and a merge subject, and a bot's commit, on both
 * databases.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class CertificationsTest {
  private static final Actor ALICE = Actor.person("Alice", "alice@example.com");
  private static final Actor BOB = Actor.person("Bob", "bob@example.com");
  private static final Actor CAROL = Actor.person("Carol", "carol@example.com");
  private static final Actor DAVE = Actor.person("Dave", "dave@example.com");
  private static final Actor FRANK = Actor.person("Frank", "frank@example.com");
  private static final Actor EVE = Actor.person("Eve", "eve@example.com");
  private static final Actor OPS = Actor.person("Ops Lead", "ops@example.com");
  private static final String RELEASES =
      """
        owners:
          bob@example.com: [bob@users.noreply.github.com]
        bots:
          api: {rule: team, team: [alice@example.com, frank@example.com]}
        delegateRole: ops-lead
      roles:
        ops-lead: [ops@example.com]
      """;

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingSourceRepository source;
  private TestingPipeline pipeline;
  private Certifications certifications;
  private CommitSha typo;
  private CommitSha bump;

  @BeforeEach
  void setUp() {
    source = TestingSourceRepository.create(directory.resolve("api.git"));
    CommitSha base = commit("Alice", "alice@example.com", "Start the API");
    pipeline =
        TestingPipeline.start(
            directory, database, clock, "manual", Map.of(API, source.directory()), RELEASES);
    certifications = pipeline.slipway().certifications();
    pipeline.verifyInStaging(API, base);
    Promotion first =
        pipeline.slipway().releases().promote(openRelease().id(), OPS, Optional.empty());
    pipeline.run();
    pipeline.verifyInProduction(first);

    commit(
        "Alice",
        "alice@example.com",
        "Limit the rate of sends (#12)\n\nCo-authored-by: Bob <12345+bob@users.noreply.github.com>\n");
    typo = branchCommit("typo", "Carol", "carol@example.com", "Fix a typo in the error message");
    merge("typo", "Dave", "dave@example.com", "Merge pull request #13 from carol/typo");
    bump =
        commit(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com",
            "Bump jackson from 2.21 to 2.22 (#14)");
    pipeline.verifyInStaging(API, bump);
  }

  @AfterEach
  void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void namesEveryOwnerOfEveryCommitTheReleaseBrings() {
    Review review = certifications.review(openRelease().id());

    assertThat(review.changeSets()).hasSize(1);
    assertThat(review.changeSets().get(0).direction()).isEqualTo(ChangeDirection.FORWARD);
    assertThat(review.commits()).hasSize(4);
    assertThat(review.owners())
        .extracting(Owner::key)
        .containsExactlyInAnyOrder(
            "alice@example.com",
            "bob@example.com",
            "carol@example.com",
            "dave@example.com",
            "team:api");
    assertThat(review.summary()).startsWith("0 of 5 owners certified; waiting on ");
    assertThat(decide(openRelease().id()).verdict()).isEqualTo(GateVerdict.WAIT);
  }

  @Test
  void refusesACertificationOfSomeoneElsesCommits() {
    long release = openRelease().id();

    assertThatThrownBy(() -> certifications.certify(release, EVE, CertifyRequest.certify()))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.FORBIDDEN))
        .hasMessageStartingWith(
            "eve@example.com owns no commit in release "
                + release
                + "; one can only certify one's own commits");
    assertThatThrownBy(
            () ->
                certifications.certify(
                    release,
                    ALICE,
                    CertifyRequest.certify().onBehalfOf("carol@example.com", "she said so")))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.FORBIDDEN))
        .hasMessage(
            "alice@example.com may not certify on someone's behalf; only the holders of role"
                + " 'ops-lead' (releases.delegateRole) may");
    assertThat(certifications.review(release).summary()).startsWith("0 of 5 owners certified");
  }

  @Test
  void passesOnceEveryOwnerCertifiedOneByOne() {
    long release = openRelease().id();

    certifications.certify(release, ALICE, CertifyRequest.certify());
    Review afterAlice = certifications.review(release);
    assertThat(afterAlice.summary())
        .as("alice certified her commit, and the bot's commit as a member of the api team")
        .startsWith("2 of 5 owners certified; waiting on ");
    certifications.certify(release, BOB, CertifyRequest.certify());
    certifications.certify(release, CAROL, CertifyRequest.certify());
    GateDecision waiting = decide(release);
    assertThat(waiting.verdict()).isEqualTo(GateVerdict.WAIT);
    assertThat(waiting.reason()).isEqualTo("4 of 5 owners certified; waiting on dave@example.com");

    certifications.certify(release, DAVE, CertifyRequest.certify());
    GateDecision passed = decide(release);
    assertThat(passed.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(passed.reason()).isEqualTo("5 of 5 owners certified");
  }

  @Test
  void aBotsCommitIsCertifiedByAnyMemberOfTheComponentsTeam() {
    long release = openRelease().id();

    certifications.certify(release, FRANK, CertifyRequest.certify());

    assertThat(certifications.review(release).missing())
        .extracting(Owner::key)
        .doesNotContain("team:api")
        .contains("alice@example.com");
    assertThat(pipeline.slipway().certifications().owners().ownersOf(API, commit(bump)))
        .extracting(Owner::key)
        .containsExactly("team:api");
  }

  @Test
  void aHoldBlocksUntilItsOwnerCertifies() {
    long release = openRelease().id();
    certifyAllBut(release, CAROL);

    certifications.certify(release, CAROL, CertifyRequest.hold("the message is read by a parser"));
    GateDecision blocked = decide(release);
    assertThat(blocked.verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(blocked.reason())
        .isEqualTo(
            "held: api@"
                + typo.shortSha()
                + " held by Carol <carol@example.com>: the message is read by a parser");

    certifications.certify(release, CAROL, CertifyRequest.liftHold());
    assertThat(decide(release).reason())
        .isEqualTo("4 of 5 owners certified; waiting on carol@example.com");
    certifications.certify(release, CAROL, CertifyRequest.hold("one more look"));
    certifications.certify(release, CAROL, CertifyRequest.certify());
    assertThat(decide(release).verdict()).isEqualTo(GateVerdict.PASS);
  }

  @Test
  void aDelegateCertifiesOnAnOwnersBehalfWithAReasonRecordedAsSuch() {
    long release = openRelease().id();

    assertThatThrownBy(
            () ->
                certifications.certify(
                    release,
                    OPS,
                    new CertifyRequest(
                        CertifyRequest.Action.CERTIFY,
                        Optional.empty(),
                        Optional.of("dave@example.com"))))
        .hasMessage("acting on behalf of dave@example.com needs a reason");
    certifications.certify(
        release,
        OPS,
        CertifyRequest.certify().onBehalfOf("dave@example.com", "Dave is on leave; reviewed"));

    Certification recorded =
        certifications.review(release).commits().stream()
            .flatMap(commit -> commit.owners().stream())
            .filter(owner -> owner.owner().key().equals("dave@example.com"))
            .findFirst()
            .orElseThrow()
            .word()
            .orElseThrow();
    assertThat(recorded.onBehalf()).isTrue();
    assertThat(recorded.recordedBy()).isEqualTo(OPS);
    assertThat(recorded.describe())
        .isEqualTo(
            "certified by Ops Lead <ops@example.com> on behalf of dave@example.com: Dave is on"
                + " leave; reviewed");
    var events =
        pipeline
            .slipway()
            .audit()
            .listBySubject(pipeline.slipway().database().jdbi(), "release:" + release);
    assertThat(events.get(events.size() - 1).details())
        .contains("\"onBehalf\":true")
        .contains("\"owner\":\"dave@example.com\"");
  }

  @Test
  void aNewerCutAsksOnlyTheOwnersOfTheCommitsItAdds() {
    long first = openRelease().id();
    certifyAllBut(first, DAVE);
    certifications.certify(first, DAVE, CertifyRequest.certify());

    CommitSha late = commit("Erin", "erin@example.com", "Retry failed sends (#15)");
    pipeline.verifyInStaging(API, late);
    long second = openRelease().id();
    assertThat(second).isNotEqualTo(first);

    Review review = certifications.review(second);
    assertThat(review.commits()).hasSize(5);
    assertThat(review.summary()).isEqualTo("5 of 6 owners certified; waiting on erin@example.com");
  }

  @Test
  void blocksBuildsThatWouldTakeCommitsAwayUntilApproved() {
    Build older = pipeline.slipway().builds().findBuild(API, baseCommit()).orElseThrow();

    GateDecision decision =
        new CertificationGate(
                () -> certifications,
                Optional.of("ops-lead"),
                pipeline.slipway().config().roles(),
                new ApprovalRepository(pipeline.slipway().database().jdbi()))
            .evaluate(
                new GateRequest(
                    STAGING,
                    Optional.empty(),
                    List.of(older),
                    Optional.empty(),
                    Optional.empty(),
                    clock.instant()));

    assertThat(decision.verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(decision.reason())
        .isEqualTo(
            "api would go back from "
                + bump.shortSha()
                + " to "
                + older.commit().shortSha()
                + ", removing 4 commit(s): a downgrade needs an explicit approval: slipway approve"
                + " PROMOTION --reason TEXT, by a holder of role ops-lead (ops@example.com)");
  }

  private CommitSha baseCommit() {
    return pipeline.slipway().builds().listBuilds(Optional.of(API), 10).stream()
        .map(Build::commit)
        .filter(commit -> !commit.equals(bump))
        .findFirst()
        .orElseThrow();
  }

  private void certifyAllBut(long release, Actor left) {
    for (Actor owner : List.of(ALICE, BOB, CAROL, DAVE)) {
      if (!owner.equals(left)) {
        certifications.certify(release, owner, CertifyRequest.certify());
      }
    }
  }

  private dev.slipway.change.ChangeCommit commit(CommitSha sha) {
    return certifications.review(openRelease().id()).commits().stream()
        .map(CommitReview::commit)
        .filter(commit -> commit.sha().equals(sha))
        .findFirst()
        .orElseThrow();
  }

  private GateDecision decide(long release) {
    return pipeline.slipway().certificationDecisions().decide(release).decision();
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
