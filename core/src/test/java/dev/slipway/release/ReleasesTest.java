package dev.slipway.release;

import static dev.slipway.testing.TestingPipeline.ADMIN;
import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static dev.slipway.testing.TestingPipeline.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionOrigin;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Releases cut from what staging verified, on both databases: automatically as staging verifies
 * builds, by hand, superseding the open release, and promoted by hand or by the automatic policy.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ReleasesTest {
  private static final CommitSha API_1 = CommitSha.of("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
  private static final CommitSha API_2 = CommitSha.of("a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2");
  private static final CommitSha ADMIN_1 = CommitSha.of("b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1");
  private static final CommitSha UNVERIFIED =
      CommitSha.of("c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0");
  private static final Actor OPS = Actor.person("Ops Lead", "ops@example.com");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingPipeline pipeline;

  @AfterEach
  void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private Releases start(String productionPolicy) {
    pipeline = TestingPipeline.start(directory, database, clock, productionPolicy, Map.of(), "");
    return pipeline.slipway().releases();
  }

  @Test
  void cutsTheNextReleaseOfProductionWhenStagingVerifiesABuild() {
    Releases releases = start("manual");
    Build api = pipeline.verifyInStaging(API, API_1);

    List<Release> cut = releases.repository().listReleases(Optional.of(PRODUCTION), 10);
    assertThat(cut).hasSize(1);
    Release release = cut.get(0);
    assertThat(release.state()).isEqualTo(ReleaseState.OPEN);
    assertThat(release.origin()).isEqualTo(ReleaseOrigin.AUTOMATIC);
    assertThat(release.source()).isEqualTo(STAGING);
    assertThat(release.builds()).containsExactly(api);
    assertThat(pipeline.promotions(PRODUCTION))
        .as("a manual environment waits for someone to promote the release")
        .isEmpty();
  }

  @Test
  void neverPutsABuildStagingHasNotVerifiedInARelease() {
    Releases releases = start("manual");
    Build api = pipeline.verifyInStaging(API, API_1);
    pipeline.register(ADMIN, UNVERIFIED);
    pipeline.run();
    pipeline.advance(Duration.ofSeconds(10));

    assertThatThrownBy(() -> releases.cut(PRODUCTION, Optional.of(STAGING), OPS))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
        .hasMessageContaining("already holds every build staging verified (api@a1a1a1a)");
    Release open = releases.repository().listReleases(Optional.of(PRODUCTION), 10).get(0);
    assertThat(open.builds()).containsExactly(api);
  }

  @Test
  void aNewerCutSupersedesTheOpenReleaseAndKeepsEveryVerifiedComponent() {
    Releases releases = start("manual");
    Build api1 = pipeline.verifyInStaging(API, API_1);
    Build admin = pipeline.verifyInStaging(ADMIN, ADMIN_1);
    Build api2 = pipeline.verifyInStaging(API, API_2);

    List<Release> cut = releases.repository().listReleases(Optional.of(PRODUCTION), 10);
    assertThat(cut).hasSize(3);
    assertThat(cut.get(0).state()).isEqualTo(ReleaseState.OPEN);
    assertThat(cut.get(0).builds()).containsExactlyInAnyOrder(api2, admin);
    assertThat(cut.get(1).state()).isEqualTo(ReleaseState.SUPERSEDED);
    assertThat(cut.get(1).supersededBy()).contains(cut.get(0).id());
    assertThat(cut.get(1).builds()).containsExactlyInAnyOrder(api1, admin);
    assertThat(cut.get(2).state()).isEqualTo(ReleaseState.SUPERSEDED);
  }

  @Test
  void refusesToCutFromAnEnvironmentOtherThanTheUpstream() {
    Releases releases = start("manual");
    pipeline.verifyInStaging(API, API_1);

    assertThatThrownBy(() -> releases.cut(PRODUCTION, Optional.of(PRODUCTION), OPS))
        .isInstanceOfSatisfying(
            SlipwayException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessage(
            "releases for production are cut from its upstream staging, not from production");
  }

  @Test
  void promotesAReleaseByHandAndMarksItShippedOnceVerified() {
    Releases releases = start("manual");
    pipeline.verifyInStaging(API, API_1);
    Release release = releases.repository().listReleases(Optional.of(PRODUCTION), 1).get(0);

    Promotion promotion = releases.promote(release.id(), OPS, Optional.empty());
    assertThat(promotion.release()).contains(release.id());
    assertThat(promotion.origin()).isEqualTo(PromotionOrigin.MANUAL);
    assertThatThrownBy(() -> releases.promote(release.id(), OPS, Optional.empty()))
        .hasMessageContaining("release " + release.id() + " is already being promoted");

    pipeline.run();
    pipeline.verifyInProduction(promotion);

    assertThat(pipeline.slipway().engine().promotions().getPromotion(promotion.id()).phase())
        .isEqualTo(PromotionPhase.SUCCEEDED);
    assertThat(releases.repository().getRelease(release.id()).state())
        .isEqualTo(ReleaseState.SHIPPED);
    assertThatThrownBy(() -> releases.cut(PRODUCTION, Optional.empty(), OPS))
        .hasMessage("production already runs every build staging verified (api@a1a1a1a)");
  }

  @Test
  void anAutomaticEnvironmentGetsAPromotionOfEachCutThatShipsTheRelease() {
    Releases releases = start("automatic");
    Build api = pipeline.verifyInStaging(API, API_1);

    Release release = releases.repository().listReleases(Optional.of(PRODUCTION), 1).get(0);
    assertThat(release.builds()).containsExactly(api);
    Promotion promotion = pipeline.promotions(PRODUCTION).get(0);
    assertThat(promotion.release()).contains(release.id());
    assertThat(promotion.origin()).isEqualTo(PromotionOrigin.AUTOMATIC);
    assertThat(promotion.describeBuilds()).isEqualTo("api@a1a1a1a");

    pipeline.verifyInProduction(promotion);
    assertThat(releases.repository().getRelease(release.id()).state())
        .isEqualTo(ReleaseState.SHIPPED);
    assertThat(pipeline.promotions(PRODUCTION))
        .as("loose builds never go to an environment that takes releases")
        .hasSize(1);
  }

  @Test
  void aNewerCutWithdrawsThePromotionWaitingForTheSupersededRelease() {
    Releases releases = start("manual");
    Build admin = pipeline.verifyInStaging(ADMIN, ADMIN_1);
    pipeline
        .slipway()
        .engine()
        .requests()
        .promote(PRODUCTION, List.of(admin.ref()), OPS, Optional.of("occupy production"));
    pipeline.run();
    pipeline.verifyInStaging(API, API_1);
    Release first = releases.repository().listReleases(Optional.of(PRODUCTION), 1).get(0);
    Promotion waiting = releases.promote(first.id(), OPS, Optional.empty());
    pipeline.run();
    assertThat(pipeline.slipway().engine().promotions().getPromotion(waiting.id()).phase())
        .as("production is busy with the loose promotion")
        .isEqualTo(PromotionPhase.PENDING);

    pipeline.verifyInStaging(API, API_2);

    Release second = releases.repository().listReleases(Optional.of(PRODUCTION), 1).get(0);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(releases.repository().getRelease(first.id()).state())
        .isEqualTo(ReleaseState.SUPERSEDED);
    Promotion withdrawn = pipeline.slipway().engine().promotions().getPromotion(waiting.id());
    assertThat(withdrawn.phase()).isEqualTo(PromotionPhase.CANCELLED);
    assertThat(withdrawn.outcome())
        .contains("release " + first.id() + " was superseded by release " + second.id());
  }

  @Test
  void recordsEveryCutInTheAuditLog() {
    Releases releases = start("manual");
    pipeline.verifyInStaging(API, API_1);
    pipeline.verifyInStaging(API, API_2);
    Release open = releases.repository().listReleases(Optional.of(PRODUCTION), 1).get(0);

    var events =
        pipeline
            .slipway()
            .audit()
            .listBySubject(pipeline.slipway().database().jdbi(), "release:" + open.id());
    assertThat(events).extracting(e -> e.action()).containsExactly("release.cut");
    assertThat(events.get(0).details()).contains("\"supersedes\":" + (open.id() - 1));
    assertThat(pipeline.slipway().audit().verify(pipeline.slipway().database().jdbi()).intact())
        .isTrue();
  }
}
