package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deployment.Deployments;
import dev.slipway.deployment.Plugins;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.gate.GateType;
import dev.slipway.gate.GateTypes;
import dev.slipway.gate.GateVerdict;
import dev.slipway.identity.Actor;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingPluginValidator;
import dev.slipway.testing.TestingSlipway;
import dev.slipway.testing.TestingStatusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine holding promotions until their environment's gates pass. The gate here answers what
 * the test sets, through the same SPI every gate type implements, so the engine is seen to know
 * nothing of any particular gate.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class GatedPromotionTest {
  private static final CommitSha GOOD = CommitSha.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");
  private static final Actor ALICE = Actor.person("Alice", "alice@example.org");

  @Parameter TestDatabase database;
  @TempDir Path directory;

  private final TestingClock clock = new TestingClock();
  private final AtomicReference<GateDecision> answer =
      new AtomicReference<>(GateDecision.waitFor("waiting on the test"));
  private final List<GateRequest> asked = new ArrayList<>();
  private TestingStatusServer status;
  private Slipway slipway;
  private PromotionEngine engine;

  /** A gate that answers what the test set, and remembers what it was asked. */
  private final class SwitchGate implements Gate {
    @Override
    public String description() {
      return "switch";
    }

    @Override
    public GateDecision evaluate(GateRequest request) {
      synchronized (asked) {
        asked.add(request);
      }
      return answer.get();
    }
  }

  private final class SwitchGateType implements GateType {
    @Override
    public String name() {
      return "switch";
    }

    @Override
    public Gate create(PluginConfig config, GateContext context) {
      return new SwitchGate();
    }
  }

  @BeforeEach
  void setUp() {
    database.assumeAvailable();
    status = TestingStatusServer.start();
    status.reportVersion("0000000");
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of("staging.env", "API_DOCKER_TAG: \"0000000\"\n"));
    String deployments =
        """
        repositories:
          manifests:
            url: %s
        components:
          api: {}
        environments:
          staging:
            components:
              api:
                targets:
                  - {type: git-file, repository: manifests, file: staging.env, key: API_DOCKER_TAG}
                checks:
                  - {type: http, url: "%s", interval: 10s}
        """
            .formatted(manifests.url(), status.url());
    SlipwaySettings settings =
        TestingSlipway.settings(directory.resolve("slipway"), database, deployments, clock);
    slipway = Slipway.open(settings);
    SlipwayConfig gated =
        new ConfigLoader(
                TestingPluginValidator.acceptingTypes(
                    Set.of("git-file"), Set.of("http"), Set.of("switch")))
            .parse(deployments + "    gates:\n      - {type: switch}\n", "slipway.yaml");
    engine =
        new PromotionEngine(
            slipway.database().jdbi(),
            gated,
            Deployments.create(
                Plugins.discover(),
                new PluginContext(gated, settings.dataDirectory(), settings.secrets(), clock)),
            new GateTypes(List.of(new SwitchGateType())),
            slipway.environments(),
            slipway.builds(),
            slipway.audit(),
            clock,
            new EngineSettings("gated-test", 2, Duration.ofMinutes(2), Duration.ofHours(1), 3));
    slipway
        .registry()
        .register(
            new BuildRegistration(API, GOOD, Optional.empty(), Optional.empty(), Optional.empty()),
            Actor.person("CI", "ci@example.org"));
  }

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.close();
    }
    if (slipway != null) {
      slipway.close();
    }
    if (status != null) {
      status.close();
    }
  }

  @Test
  void keepsAPromotionPendingWhileAGateWaitsAndShowsWhy() {
    Promotion promotion = promote();

    engine.scheduler().runUntilIdle();

    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    assertThat(engine.gateDecisions().listGates(promotion.id()))
        .singleElement()
        .satisfies(
            gate -> {
              assertThat(gate.description()).isEqualTo("switch");
              assertThat(gate.verdict()).isEqualTo(GateVerdict.WAIT);
              assertThat(gate.summary()).isEqualTo("waiting: waiting on the test");
            });
    assertThat(steps(promotion)).contains("Gate switch waiting: waiting on the test");
    assertThat(asked)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.promotion()).contains(promotion.id());
              assertThat(request.environment()).isEqualTo(STAGING);
              assertThat(request.builds())
                  .extracting(build -> build.commit())
                  .containsExactly(GOOD);
            });
  }

  @Test
  void asksTheGatesAgainOnlyWhenToldSomethingChanged() {
    Promotion promotion = promote();
    engine.scheduler().runUntilIdle();
    answer.set(GateDecision.pass("the test let it go"));

    engine.scheduler().runUntilIdle();
    assertThat(phase(promotion)).isEqualTo(PromotionPhase.PENDING);
    assertThat(asked).hasSize(1);

    engine.gatesChanged(STAGING);
    engine.scheduler().runUntilIdle();

    assertThat(asked).hasSize(2);
    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(steps(promotion))
        .containsSubsequence(
            "Gate switch waiting: waiting on the test",
            "Gate switch passed: the test let it go",
            "Started: deploying api@a1b2c3d to staging");
  }

  @Test
  void asksTheGatesAgainAtTheRecheckTimeTheyGave() {
    Instant opens = clock.instant().plus(Duration.ofMinutes(30));
    answer.set(GateDecision.waitUntil(opens, "opens in half an hour"));
    Promotion promotion = promote();
    engine.scheduler().runUntilIdle();
    assertThat(engine.gateDecisions().listGates(promotion.id()).get(0).recheckAt()).contains(opens);

    clock.advance(GateKeeper.LONGEST_HOLD.minusSeconds(1));
    engine.scheduler().runUntilIdle();
    assertThat(asked).hasSize(1);

    answer.set(GateDecision.pass("open"));
    clock.set(opens);
    engine.scheduler().runUntilIdle();

    assertThat(asked).hasSize(2);
    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
  }

  @Test
  void asksAHeldPromotionsGatesAgainAfterTheLongestHoldForEventsSeenElsewhere() {
    Promotion promotion = promote();
    engine.scheduler().runUntilIdle();
    answer.set(GateDecision.pass("approved on another server"));

    clock.advance(GateKeeper.LONGEST_HOLD);
    engine.scheduler().runUntilIdle();

    assertThat(asked).hasSize(2);
    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
  }

  @Test
  void logsADecisionOnlyWhenItChanges() {
    Promotion promotion = promote();
    engine.scheduler().runUntilIdle();
    engine.gatesChanged(STAGING);
    engine.scheduler().runUntilIdle();
    engine.gatesChanged(STAGING);
    engine.scheduler().runUntilIdle();
    answer.set(GateDecision.block("held by the test"));
    engine.gatesChanged(STAGING);
    engine.scheduler().runUntilIdle();

    assertThat(asked).hasSize(4);
    assertThat(steps(promotion).stream().filter(step -> step.startsWith("Gate ")))
        .containsExactly(
            "Gate switch waiting: waiting on the test", "Gate switch blocked: held by the test");
    assertThat(engine.gateDecisions().listGates(promotion.id()).get(0).verdict())
        .isEqualTo(GateVerdict.BLOCK);
  }

  @Test
  void holdsThePromotionsBehindAWaitingOne() {
    Promotion first = promote();
    Promotion second = promote();

    engine.scheduler().runUntilIdle();

    assertThat(phase(first)).isEqualTo(PromotionPhase.PENDING);
    assertThat(phase(second)).isEqualTo(PromotionPhase.PENDING);
    assertThat(asked)
        .extracting(request -> request.promotion().orElseThrow())
        .containsOnly(first.id());
  }

  @Test
  void startsThePromotionWithinASecondOfTheEventThatMadeItsGatePass() throws Exception {
    Promotion promotion = promote();
    engine.scheduler().start();
    awaitAsked();

    answer.set(GateDecision.pass("the test let it go"));
    long signalled = System.nanoTime();
    engine.gatesChanged(STAGING);
    while (phase(promotion) == PromotionPhase.PENDING
        && System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(5);
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

    assertThat(phase(promotion)).isNotEqualTo(PromotionPhase.PENDING);
    assertThat(elapsed).isLessThan(1000);
  }

  private void awaitAsked() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      synchronized (asked) {
        if (!asked.isEmpty()) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the scheduler never asked the gate");
      }
      Thread.sleep(5);
    }
  }

  private Promotion promote() {
    return engine
        .requests()
        .promote(STAGING, List.of(new BuildRef(API, GOOD)), ALICE, Optional.empty());
  }

  private PromotionPhase phase(Promotion promotion) {
    return engine.promotions().getPromotion(promotion.id()).phase();
  }

  private List<String> steps(Promotion promotion) {
    return engine.promotions().listSteps(promotion.id()).stream()
        .map(PromotionStep::message)
        .toList();
  }
}
