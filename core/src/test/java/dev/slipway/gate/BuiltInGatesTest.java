package dev.slipway.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Slipway;
import dev.slipway.audit.AuditEvent;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionKind;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionStep;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in gates of production holding promotions from staging, as Slipway is wired: approvals,
 * freezes (declared, lifted, overridden, and rollbacks through them) and soak time.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class BuiltInGatesTest {
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final CommitSha NEXT = CommitSha.of("1111111111111111111111111111111111111111");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor CI = Actor.person("CI", "ci@example.org");
  private static final Actor ALICE = Actor.person("Alice", "alice@example.org");
  private static final Actor BOB = Actor.person("Bob", "bob@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private TestingStatusServer stagingStatus;
  private TestingStatusServer productionStatus;
  private TestingGitRemote manifests;
  private Slipway slipway;

  @BeforeEach
  void setUp() {
    database.assumeAvailable();
    stagingStatus = TestingStatusServer.start();
    productionStatus = TestingStatusServer.start();
    stagingStatus.reportVersion("0000000");
    productionStatus.reportVersion("0000000");
    manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                "staging.env", "API_DOCKER_TAG: \"0000000\"\n",
                "production.env", "API_DOCKER_TAG: \"0000000\"\n"));
  }

  @AfterEach
  void tearDown() {
    if (slipway != null) {
      slipway.close();
    }
    if (stagingStatus != null) {
      stagingStatus.close();
      productionStatus.close();
    }
  }

  private void open(String productionGates) {
    String config =
        """
        roles:
          ops-lead: [bob@example.org]
        repositories:
          manifests:
            url: %s
        components:
          api: {}
        environments:
          staging:
            policy: automatic
            bakeTime: 1m
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
          production:
            upstream: staging
            bakeTime: 1m
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: production.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
            gates:
        """
                .formatted(manifests.url(), stagingStatus.url(), productionStatus.url())
            + productionGates.indent(6);
    slipway = TestingSlipway.open(directory.resolve("slipway"), database, config, clock);
  }

  @Test
  void holdsAPromotionUntilSomeoneHoldingTheRoleApprovesIt() {
    open("- {type: approval, role: ops-lead}");
    verifyInStaging(GOOD);
    Promotion promotion = promoteToProduction(GOOD, ALICE);
    run();

    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    assertThat(gates(promotion))
        .singleElement()
        .satisfies(
            gate -> {
              assertThat(gate.verdict()).isEqualTo(GateVerdict.WAIT);
              assertThat(gate.reason())
                  .isEqualTo(
                      "needs 1 approval from role ops-lead (bob@example.org); approve with:"
                          + " slipway approve "
                          + promotion.id());
            });

    SlipwayException refused =
        catchThrowableOfType(
            SlipwayException.class,
            () -> slipway.approvals().approve(promotion.id(), ALICE, Optional.empty()));
    assertThat(refused.category()).isEqualTo(ErrorCategory.FORBIDDEN);
    assertThat(refused.getMessage()).contains("does not hold role ops-lead");

    slipway.approvals().approve(promotion.id(), BOB, Optional.of("looks good"));
    run();

    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(steps(promotion))
        .containsSubsequence(
            "Approved by Bob <bob@example.org>: looks good",
            "Gate approval by one of role ops-lead passed: approved by bob@example.org",
            "Started: deploying api@a1b2c3d to production");
    assertThat(audit(promotion.subject()))
        .anySatisfy(
            event -> {
              assertThat(event.action()).isEqualTo("promotion.approved");
              assertThat(event.actor()).contains("bob@example.org");
              assertThat(event.details()).contains("looks good");
            });
  }

  @Test
  void startsAnApprovedPromotionWithinASecondOfTheApproval() throws InterruptedException {
    open("- {type: approval, role: ops-lead}");
    verifyInStaging(GOOD);
    Promotion promotion = promoteToProduction(GOOD, ALICE);
    slipway.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gates(promotion).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(gates(promotion)).as("the gates were asked").isNotEmpty();

    long approved = System.nanoTime();
    slipway.approvals().approve(promotion.id(), BOB, Optional.empty());
    while (phase(promotion) == PromotionPhase.PENDING
        && System.nanoTime() - approved < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(5);
    }

    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - approved)).isLessThan(1000);
  }

  @Test
  void blocksPromotionsWhileAFreezeIsDeclaredAndStartsThemWhenItIsLifted() {
    open("- {type: freeze, overrideRole: ops-lead}");
    verifyInStaging(GOOD);
    slipway.freezes().declare(PRODUCTION, ALICE, "incident 42: database failover");
    Promotion promotion = promoteToProduction(GOOD, ALICE);
    run();

    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    PromotionGate gate = gates(promotion).get(0);
    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCK);
    assertThat(gate.reason())
        .startsWith("production is frozen: declared by Alice <alice@example.org>")
        .contains("incident 42: database failover")
        .contains("a holder of role 'ops-lead' may override it with a reason");
    assertThat(gate.recheckAt()).as("a declared freeze ends only when lifted").isEmpty();

    slipway.freezes().lift(PRODUCTION, BOB, Optional.of("failover done"));
    run();

    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(
            audit(
                "freeze:"
                    + slipway
                        .freezes()
                        .repository()
                        .listFreezes(Optional.of(PRODUCTION), 1)
                        .get(0)
                        .id()))
        .extracting(AuditEvent::action)
        .containsExactly("freeze.declared", "freeze.lifted");
  }

  @Test
  void letsAPromotionThroughAFreezeForARoleHolderWithAReasonOnly() {
    open("- {type: freeze, overrideRole: ops-lead}");
    verifyInStaging(GOOD);
    slipway.freezes().declare(PRODUCTION, ALICE, "end-of-year freeze");
    Promotion promotion = promoteToProduction(GOOD, ALICE);
    run();

    SlipwayException notHolder =
        catchThrowableOfType(
            SlipwayException.class,
            () -> slipway.freezes().override(promotion.id(), ALICE, Optional.of("urgent fix")));
    assertThat(notHolder.category()).isEqualTo(ErrorCategory.FORBIDDEN);
    assertThat(notHolder.getMessage())
        .contains("needs role 'ops-lead'")
        .contains("held by: bob@example.org");
    SlipwayException noReason =
        catchThrowableOfType(
            SlipwayException.class,
            () -> slipway.freezes().override(promotion.id(), BOB, Optional.empty()));
    assertThat(noReason.category()).isEqualTo(ErrorCategory.USER);
    run();
    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);

    slipway.freezes().override(promotion.id(), BOB, Optional.of("security fix CVE-2026-1"));
    run();

    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(steps(promotion))
        .contains("Freeze overridden by Bob <bob@example.org>: security fix CVE-2026-1");
    assertThat(audit(promotion.subject()))
        .anySatisfy(
            event -> {
              assertThat(event.action()).isEqualTo("freeze.overridden");
              assertThat(event.details()).contains("security fix CVE-2026-1");
            });
  }

  @Test
  void letsARollbackThroughAFreezeOnlyWithAReason() {
    open("- {type: freeze}");
    verifyInStaging(GOOD);
    Promotion deployed = promoteToProduction(GOOD, ALICE);
    run();
    productionStatus.reportVersion("a1b2c3d");
    for (int i = 0; i < 10 && phase(deployed) != PromotionPhase.SUCCEEDED; i++) {
      advance(Duration.ofSeconds(10));
    }
    assertThat(phase(deployed)).isEqualTo(PromotionPhase.SUCCEEDED);
    slipway.freezes().declare(PRODUCTION, ALICE, "incident 43");

    SlipwayException refused =
        catchThrowableOfType(
            SlipwayException.class,
            () -> slipway.engine().requests().rollback(PRODUCTION, ALICE, Optional.empty()));
    assertThat(refused.category()).isEqualTo(ErrorCategory.CONFLICT);
    assertThat(refused.getMessage())
        .startsWith("production is frozen: declared by Alice <alice@example.org>")
        .endsWith("a rollback during a freeze needs a reason: give one with --reason");

    Promotion rollback =
        slipway
            .engine()
            .requests()
            .rollback(PRODUCTION, ALICE, Optional.of("api errors since the deploy"));
    run();

    assertThat(rollback.kind()).isEqualTo(PromotionKind.ROLLBACK);
    assertThat(phase(rollback)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(steps(rollback)).anyMatch(step -> step.startsWith("Rollback during a freeze"));
    assertThat(audit(rollback.subject()))
        .first()
        .satisfies(event -> assertThat(event.details()).contains("Rollback during a freeze"));
  }

  @Test
  void waitsUntilTheBuildHasRunVerifiedUpstreamForTheSoakTime() {
    open("- {type: soak, duration: 1h}");
    Instant verified = verifyInStaging(GOOD);
    Promotion promotion = promoteToProduction(GOOD, ALICE);
    run();

    PromotionGate gate = gates(promotion).get(0);
    assertThat(gate.description()).isEqualTo("soak 1h in staging");
    assertThat(gate.verdict()).isEqualTo(GateVerdict.WAIT);
    assertThat(gate.recheckAt()).contains(verified.plus(Duration.ofHours(1)));

    clock.set(verified.plus(Duration.ofHours(1)).minusSeconds(1));
    run();
    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    clock.set(verified.plus(Duration.ofHours(1)));
    run();
    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
  }

  @Test
  void blocksABuildThatWasNeverVerifiedUpstream() {
    open("- {type: soak, duration: 1h}");
    register(NEXT);
    slipway.engine().requests().cancel(latest(STAGING).id(), CI, Optional.of("not this one"));
    Promotion promotion = promoteToProduction(NEXT, ALICE);
    run();

    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    assertThat(gates(promotion))
        .singleElement()
        .satisfies(
            gate -> {
              assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCK);
              assertThat(gate.reason())
                  .isEqualTo("api@1111111 never verified in staging; promote it there first");
            });
  }

  /** Registers a build and runs its staging promotion to success; returns when it succeeded. */
  private Instant verifyInStaging(CommitSha commit) {
    register(commit);
    run();
    stagingStatus.reportVersion(commit.shortSha());
    for (int i = 0; i < 20 && latest(STAGING).phase() != PromotionPhase.SUCCEEDED; i++) {
      advance(Duration.ofSeconds(10));
    }
    Promotion succeeded = latest(STAGING);
    assertThat(succeeded.phase()).isEqualTo(PromotionPhase.SUCCEEDED);
    return succeeded.finishedAt().orElseThrow();
  }

  private void register(CommitSha commit) {
    slipway
        .registry()
        .register(
            new BuildRegistration(
                API, commit, Optional.empty(), Optional.empty(), Optional.empty()),
            CI);
  }

  private Promotion promoteToProduction(CommitSha commit, Actor actor) {
    return slipway
        .engine()
        .requests()
        .promote(PRODUCTION, List.of(new BuildRef(API, commit)), actor, Optional.empty());
  }

  private Promotion latest(EnvironmentName environment) {
    return slipway.engine().promotions().listPromotions(Optional.of(environment), 1).get(0);
  }

  private PromotionPhase phase(Promotion promotion) {
    return slipway.engine().promotions().getPromotion(promotion.id()).phase();
  }

  private List<PromotionGate> gates(Promotion promotion) {
    return slipway.engine().gateDecisions().listGates(promotion.id());
  }

  private List<String> steps(Promotion promotion) {
    return slipway.engine().promotions().listSteps(promotion.id()).stream()
        .map(PromotionStep::message)
        .toList();
  }

  private List<AuditEvent> audit(String subject) {
    return slipway.audit().listBySubject(slipway.database().jdbi(), subject);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
    run();
  }

  private void run() {
    slipway.engine().scheduler().runUntilIdle();
  }
}
