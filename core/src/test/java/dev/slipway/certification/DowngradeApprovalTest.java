package dev.slipway.certification;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static dev.slipway.testing.TestingPipeline.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.approval.Approval;
import dev.slipway.build.CommitSha;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.GateVerdict;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
 * A release behind what production runs (staging rolled back) is blocked by the certification gate
 * until a holder of {@code releases.downgradeRole} approves its promotion, which then starts at
 * once; the release notes say what the gate says, before and after the approval. On both databases.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class DowngradeApprovalTest {
  private static final Actor CAROL = Actor.person("Carol", "carol@example.com");
  private static final Actor OPS = Actor.person("Ops Lead", "ops@example.com");

  @Parameter TestDatabase database;
  @TempDir Path directory;
  private final TestingClock clock = new TestingClock();
  private TestingSourceRepository source;
  private TestingPipeline pipeline;
  private CommitSha base;
  private CommitSha head;

  @BeforeEach
  void setUp() {
    source = TestingSourceRepository.create(directory.resolve("api.git"));
    base = commit("Alice", "alice@example.com", "Start the API");
    pipeline =
        TestingPipeline.startWithGates(
            directory,
            database,
            clock,
            "automatic",
            Map.of(API, source.directory()),
            "[{type: certification}]",
            "  downgradeRole: ops-lead\nroles:\n  ops-lead: [ops@example.com]\n");
    pipeline.verifyInStaging(API, base);
    pipeline.verifyInProduction(pipeline.promotions(PRODUCTION).get(0));

    head = commit("Carol", "carol@example.com", "Retry failed sends (#13)");
    pipeline.verifyInStaging(API, head);
    Promotion forward = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();
    pipeline
        .slipway()
        .certifications()
        .certify(forward.release().orElseThrow(), CAROL, CertifyRequest.certify());
    pipeline.run();
    pipeline.verifyInProduction(forward);
    assertThat(phase(forward)).isEqualTo(PromotionPhase.SUCCEEDED);

    pipeline
        .slipway()
        .engine()
        .requests()
        .rollback(STAGING, OPS, Optional.of("sends fail in staging"));
    pipeline.run();
    pipeline.report(STAGING, API, base);
    pipeline.advance(Duration.ofSeconds(10));
    pipeline.advance(TestingPipeline.BAKE_TIME);
  }

  @AfterEach
  void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void blocksTheDowngradeUntilAHolderOfTheRoleApprovesItThenStartsIt() {
    Promotion downgrade = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();
    assertThat(downgrade.builds().get(0).build().orElseThrow().commit()).isEqualTo(base);
    assertThat(pipeline.slipway().pending().list(Optional.of(PRODUCTION)))
        .singleElement()
        .satisfies(
            item ->
                assertThat(item.waitingOn())
                    .endsWith(
                        ": api would go back from "
                            + head.shortSha()
                            + " to "
                            + base.shortSha()
                            + ", removing 1 commit(s): a downgrade needs an explicit approval:"
                            + " slipway approve "
                            + downgrade.id()
                            + " --reason TEXT, by a holder of role ops-lead (ops@example.com)"));

    pipeline.advance(Duration.ofHours(1));
    assertThat(phase(downgrade)).isEqualTo(PromotionPhase.PENDING);

    pipeline.slipway().approvals().approve(downgrade.id(), OPS, Optional.of("retry is broken"));
    pipeline.run();

    assertThat(phase(downgrade)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(pipeline.slipway().approvals().listApprovals(downgrade.id()))
        .singleElement()
        .satisfies(approval -> assertThat(approval.reason()).contains("retry is broken"));
  }

  @Test
  void refusesTheApprovalOfSomeoneWithoutTheRole() {
    Promotion downgrade = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();

    assertThatThrownBy(
            () ->
                pipeline
                    .slipway()
                    .approvals()
                    .approve(downgrade.id(), CAROL, Optional.of("looks fine to me")))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.FORBIDDEN))
        .hasMessage(
            "Carol <carol@example.com> does not hold role ops-lead, so cannot approve promotions to"
                + " production");
    pipeline.run();
    assertThat(phase(downgrade)).isEqualTo(PromotionPhase.PENDING);
    assertThat(pipeline.slipway().approvals().listApprovals(downgrade.id())).isEmpty();
  }

  @Test
  void releaseNotesSayTheDowngradeIsBlockedNamingTheCommandAndTheRole() {
    Promotion downgrade = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();

    String notes = pipeline.slipway().notes().write(downgrade.release().orElseThrow());

    assertThat(notes)
        .contains("## api: " + head.shortSha() + " → " + base.shortSha() + " (downgrade: removes 1")
        .contains(
            "## Gates\n\n- certification: block ("
                + downgradeOf()
                + ": a downgrade needs an explicit approval: slipway approve "
                + downgrade.id()
                + " --reason TEXT, by a holder of role ops-lead (ops@example.com))\n");
    assertThat(certificationLine(notes)).contains(storedCertification(downgrade).reason());
  }

  @Test
  void releaseNotesShowTheApprovedDowngradeWithWhoApprovedItWhenAndWhy() {
    Promotion downgrade = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();
    long release = downgrade.release().orElseThrow();
    clock.advance(Duration.ofMinutes(5));

    Approval approval =
        pipeline.slipway().approvals().approve(downgrade.id(), OPS, Optional.of("retry is broken"));
    String approved =
        downgradeOf()
            + "; downgrade approved by Ops Lead <ops@example.com> at "
            + DateTimeFormatter.ISO_INSTANT.format(approval.at())
            + " (\"retry is broken\"); 1 of 1 owners certified";

    assertThat(pipeline.slipway().notes().write(release))
        .contains("## Gates\n\n- certification: pass (" + approved + ")\n");
    CertificationDecision decided = pipeline.slipway().certificationDecisions().decide(release);
    assertThat(decided.decision().verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(decided.promotion()).contains(downgrade.id());
    assertThat(decided.downgradeApprovals()).containsExactly(approval);

    pipeline.run();
    assertThat(phase(downgrade)).isNotEqualTo(PromotionPhase.PENDING);
    String notes = pipeline.slipway().notes().write(release);
    assertThat(notes)
        .as("the gate's last answer, kept on the promotion under way, names the approval")
        .contains(
            "- promotion "
                + downgrade.id()
                + ": "
                + phase(downgrade).name().toLowerCase(Locale.ROOT)
                + "\n  - certification: every owner of every change certified, nothing held:"
                + " passed: "
                + approved
                + "\n");
    assertThat(storedCertification(downgrade).reason()).isEqualTo(approved);
  }

  @Test
  void theApprovalOfACancelledPromotionNoLongerLiftsTheDowngradeOfItsRelease() {
    Promotion downgrade = pipeline.latest(PRODUCTION, PromotionPhase.PENDING).orElseThrow();
    long release = downgrade.release().orElseThrow();
    pipeline.slipway().approvals().approve(downgrade.id(), OPS, Optional.of("retry is broken"));
    pipeline.slipway().engine().requests().cancel(downgrade.id(), OPS, Optional.of("not today"));

    CertificationDecision decided = pipeline.slipway().certificationDecisions().decide(release);

    String blocked =
        downgradeOf()
            + ": a downgrade needs an explicit approval: slipway approve PROMOTION --reason TEXT,"
            + " by a holder of role ops-lead (ops@example.com)";
    assertThat(decided.promotion()).isEmpty();
    assertThat(decided.downgradeApprovals()).isEmpty();
    assertThat(decided.decision().verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(decided.decision().reason()).isEqualTo(blocked);
    assertThat(pipeline.slipway().notes().write(release))
        .contains("- certification: block (" + blocked + ")\n");
    assertThat(pipeline.slipway().pending().list(Optional.of(PRODUCTION)))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.release()).contains(release);
              assertThat(item.promotion()).isEmpty();
              assertThat(item.waitingOn()).isEqualTo("1 of 1 owners certified; " + blocked);
            });
  }

  private String downgradeOf() {
    return "api would go back from "
        + head.shortSha()
        + " to "
        + base.shortSha()
        + ", removing 1 commit(s)";
  }

  private static String certificationLine(String notes) {
    return notes
        .lines()
        .filter(line -> line.startsWith("- certification: "))
        .findFirst()
        .orElseThrow();
  }

  private PromotionGate storedCertification(Promotion promotion) {
    return pipeline.slipway().engine().gateDecisions().listGates(promotion.id()).stream()
        .filter(gate -> gate.description().startsWith("certification"))
        .findFirst()
        .orElseThrow();
  }

  private PromotionPhase phase(Promotion promotion) {
    return pipeline.slipway().engine().promotions().getPromotion(promotion.id()).phase();
  }

  private CommitSha commit(String name, String email, String message) {
    return CommitSha.of(source.commit(TestingSourceRepository.person(name, email), message).push());
  }
}
