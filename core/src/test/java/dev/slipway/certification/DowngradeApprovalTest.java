package dev.slipway.certification;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static dev.slipway.testing.TestingPipeline.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.build.CommitSha;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release behind what production runs (staging rolled back) is blocked by the certification gate
 * until a holder of {@code releases.downgradeRole} approves its promotion, which then starts at
 * once.
 */
class DowngradeApprovalTest {
  private static final Actor CAROL = Actor.person("Carol", "carol@example.com");
  private static final Actor OPS = Actor.person("Ops Lead", "ops@example.com");

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
            TestDatabase.H2,
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

  private PromotionPhase phase(Promotion promotion) {
    return pipeline.slipway().engine().promotions().getPromotion(promotion.id()).phase();
  }

  private CommitSha commit(String name, String email, String message) {
    return CommitSha.of(source.commit(TestingSourceRepository.person(name, email), message).push());
  }
}
