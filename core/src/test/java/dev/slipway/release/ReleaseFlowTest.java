package dev.slipway.release;

import static dev.slipway.testing.TestingPipeline.API;
import static dev.slipway.testing.TestingPipeline.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.build.CommitSha;
import dev.slipway.certification.CertifyRequest;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingPipeline;
import dev.slipway.testing.TestingSourceRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow with no ops lead: builds verified in staging, a release cut for production by
 * itself, its promotion held by the certification gate while owners certify one by one, and started
 * by the last certification, not by the passing of time.
 */
class ReleaseFlowTest {
  private static final Actor ALICE = Actor.person("Alice", "alice@example.com");
  private static final Actor BOB = Actor.person("Bob", "bob@example.com");
  private static final Actor CAROL = Actor.person("Carol", "carol@example.com");

  @TempDir Path directory;
  private final TestingClock clock = new TestingClock();
  private TestingSourceRepository source;
  private TestingPipeline pipeline;

  @AfterEach
  void tearDown() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void theProductionPromotionStartsByItselfOnceTheLastOwnerCertifies() throws Exception {
    source = TestingSourceRepository.create(directory.resolve("api.git"));
    CommitSha base = commit("Alice", "alice@example.com", "Start the API");
    pipeline =
        TestingPipeline.startWithGates(
            directory,
            TestDatabase.H2,
            clock,
            "automatic",
            Map.of(API, source.directory()),
            "[{type: certification}]",
            "");
    pipeline.verifyInStaging(API, base);
    Promotion first = pipeline.promotions(PRODUCTION).get(0);
    assertThat(first.phase())
        .as("the first release brings no commits to certify: nothing runs in production yet")
        .isNotEqualTo(PromotionPhase.PENDING);
    pipeline.verifyInProduction(first);

    commit(
        "Alice",
        "alice@example.com",
        "Limit the rate of sends (#12)\n\nCo-authored-by: Bob <bob@example.com>\n");
    CommitSha head = commit("Carol", "carol@example.com", "Retry failed sends (#13)");
    pipeline.verifyInStaging(API, head);

    Release release =
        pipeline.slipway().releases().repository().listReleases(Optional.of(PRODUCTION), 1).get(0);
    Promotion waiting = pipeline.promotions(PRODUCTION).get(0);
    assertThat(waiting.release()).contains(release.id());
    assertThat(waiting.phase()).isEqualTo(PromotionPhase.PENDING);

    pipeline.slipway().certifications().certify(release.id(), ALICE, CertifyRequest.certify());
    pipeline.run();
    pipeline.slipway().certifications().certify(release.id(), BOB, CertifyRequest.certify());
    pipeline.run();
    assertThat(phase(waiting)).isEqualTo(PromotionPhase.PENDING);
    assertThat(pipeline.slipway().pending().list(Optional.of(PRODUCTION)))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.promotion()).contains(waiting.id());
              assertThat(item.waitingOn())
                  .isEqualTo(
                      "certification: 2 of 3 owners certified; waiting on carol@example.com");
            });
    assertThat(pipeline.slipway().notes().write(release.id()))
        .contains(
            "- promotion "
                + waiting.id()
                + ": pending\n  - certification: every owner of every change certified, nothing"
                + " held: waiting: ");

    pipeline.slipway().start();
    Instant certified = Instant.now();
    pipeline.slipway().certifications().certify(release.id(), CAROL, CertifyRequest.certify());
    while (phase(waiting) == PromotionPhase.PENDING
        && Duration.between(certified, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0) {
      Thread.sleep(10);
    }
    Duration took = Duration.between(certified, Instant.now());

    assertThat(phase(waiting)).isNotEqualTo(PromotionPhase.PENDING);
    // Slipway's clock stands still, so no recheck time comes: the certification started it.
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  private PromotionPhase phase(Promotion promotion) {
    return pipeline.slipway().engine().promotions().getPromotion(promotion.id()).phase();
  }

  private CommitSha commit(String name, String email, String message) {
    return CommitSha.of(source.commit(TestingSourceRepository.person(name, email), message).push());
  }
}
