package dev.slipway.target.git;

import static dev.slipway.target.git.GitTargets.keyEntry;
import static dev.slipway.target.git.GitTargets.yamlEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployLog;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.TargetChange;
import dev.slipway.testing.TestingClock;
import dev.slipway.testing.TestingGitRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryDeployerTest {
  static final String STAGING_ENV = "helmfile/overrides/staging.env";
  static final String KUSTOMIZATION = "kustomize/staging/kustomization.yaml";
  static final String VALUES = "charts/notify-api/values.yaml";

  static final ComponentName API = ComponentName.of("api");
  static final ComponentName ADMIN = ComponentName.of("admin");
  static final ComponentName DOCUMENT_DOWNLOAD = ComponentName.of("document-download-api");

  @TempDir Path folder;

  private final TestingClock clock = new TestingClock();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestingGitRemote remote;
  private GitFileTargetType type;
  private PluginContext context;

  @BeforeEach
  void createRemote() {
    remote =
        TestingGitRemote.create(
            folder.resolve("remote/manifests.git"),
            "main",
            Map.of(
                STAGING_ENV, EnvKeyLocatorTest.STAGING_ENV,
                KUSTOMIZATION, YamlPathLocatorTest.KUSTOMIZATION,
                VALUES, YamlPathLocatorTest.VALUES));
    useRepository(remote.repositoryConfig("manifests"));
  }

  private void useRepository(RepositoryConfig repository) {
    type = new GitFileTargetType();
    context = GitTargets.context(folder, GitTargets.noSecrets(), clock, repository);
  }

  private GitFileTarget target(PluginConfig entry) {
    return (GitFileTarget) type.create(entry, context);
  }

  private static DeployOperation operation(String id, DeployLog log, TargetChange... changes) {
    return new DeployOperation(
        id,
        "Deploy to staging",
        "Promotion 12 of release 2026.03.2, asked for by Alice Smith <alice@example.org>.",
        List.of(changes),
        log);
  }

  private static String set(String content, String key, String value) {
    return ValueLocator.envKey(key).write(content, value);
  }

  private static List<Optional<String>> previousValues(AppliedOperation applied) {
    return applied.changes().stream().map(AppliedChange::previousValue).toList();
  }

  @Test
  void writesEveryTargetOfAPromotionInOneCommit() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    GitFileTarget admin = target(keyEntry(STAGING_ENV, "ADMIN_DOCKER_TAG"));
    GitFileTarget documents =
        target(yamlEntry(KUSTOMIZATION, "images[name=document-download-api].newTag"));
    GitFileTarget workers = target(yamlEntry(VALUES, "celery.image.tag"));
    assertThat(api.deployer()).isSameAs(admin.deployer()).isSameAs(documents.deployer());

    AppliedOperation applied =
        api.deployer()
            .apply(
                operation(
                    "promotion-12-deploy",
                    log::add,
                    new TargetChange(API, api, "f3d0498"),
                    new TargetChange(ADMIN, admin, "0c1d2e3"),
                    new TargetChange(DOCUMENT_DOWNLOAD, documents, "4a5b6c7"),
                    new TargetChange(API, workers, "f3d0498")));

    assertThat(remote.commitCount()).isEqualTo(2);
    assertThat(applied.reference()).contains(remote.head());
    assertThat(applied.resumed()).isFalse();
    assertThat(previousValues(applied))
        .containsExactly(
            Optional.of("1a2b3c4"),
            Optional.of("78962bb"),
            Optional.of("5e6f7a8"),
            Optional.of("1a2b3c4"));
    String env = remote.readFile(STAGING_ENV);
    assertThat(env)
        .isEqualTo(
            EnvKeyLocatorTest.STAGING_ENV
                .replace("ADMIN_DOCKER_TAG: \"78962bb\"", "ADMIN_DOCKER_TAG: \"0c1d2e3\"")
                .replace("API_DOCKER_TAG: \"1a2b3c4\"", "API_DOCKER_TAG: \"f3d0498\""));
    assertThat(Lines.changed(EnvKeyLocatorTest.STAGING_ENV, env)).containsExactly(4, 5);
    String kustomization = remote.readFile(KUSTOMIZATION);
    assertThat(kustomization)
        .isEqualTo(YamlPathLocatorTest.KUSTOMIZATION.replace("'5e6f7a8'", "'4a5b6c7'"));
    assertThat(Lines.changed(YamlPathLocatorTest.KUSTOMIZATION, kustomization)).containsExactly(18);
    assertThat(Lines.changed(YamlPathLocatorTest.VALUES, remote.readFile(VALUES)))
        .containsExactly(12);
  }

  @Test
  void signsTheCommitWithTheOperationAndTheRepositoryAuthor() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    clock.advance(Duration.ofMinutes(5));

    api.deployer()
        .apply(operation("promotion-12-deploy", log::add, new TargetChange(API, api, "f3d0498")));

    RevCommit commit = remote.commits().get(0);
    assertThat(commit.getFullMessage())
        .isEqualTo(
            "Deploy to staging\n\n"
                + "Promotion 12 of release 2026.03.2, asked for by Alice Smith"
                + " <alice@example.org>.\n\n"
                + "Slipway-Operation: promotion-12-deploy\n");
    assertThat(commit.getFooterLines("Slipway-Operation")).containsExactly("promotion-12-deploy");
    for (PersonIdent person : List.of(commit.getAuthorIdent(), commit.getCommitterIdent())) {
      assertThat(person.getName()).isEqualTo("Slipway");
      assertThat(person.getEmailAddress()).isEqualTo("slipway@example.org");
      assertThat(person.getWhenAsInstant()).isEqualTo(clock.instant());
    }
    assertThat(log)
        .contains(
            "making a clone of "
                + remote.url()
                + " in "
                + folder.resolve("data/git/manifests").toAbsolutePath(),
            "manifests:" + STAGING_ENV + " API_DOCKER_TAG: 1a2b3c4 -> f3d0498",
            "pushed " + remote.head().substring(0, 7) + " to main");
  }

  @Test
  void addsTheTrailerToTrailersTheBodyEndsWith() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    api.deployer()
        .apply(
            new DeployOperation(
                "promotion-12-deploy",
                "Deploy api@f3d0498 to staging",
                "Changes by Alice and Bob.\n\nCo-authored-by: Bob Jones <bob@example.org>\n",
                List.of(new TargetChange(API, api, "f3d0498")),
                log::add));

    RevCommit commit = remote.commits().get(0);
    assertThat(commit.getFullMessage())
        .isEqualTo(
            """
            Deploy api@f3d0498 to staging

            Changes by Alice and Bob.

            Co-authored-by: Bob Jones <bob@example.org>
            Slipway-Operation: promotion-12-deploy
            """);
    assertThat(commit.getFooterLines("Co-authored-by"))
        .containsExactly("Bob Jones <bob@example.org>");
    assertThat(commit.getFooterLines("Slipway-Operation")).containsExactly("promotion-12-deploy");
  }

  @Test
  void retriesOnTheNewHeadWhenSomeoneElsePushedFirst() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    AtomicReference<String> theirs = new AtomicReference<>();
    DeployLog racing =
        message -> {
          log.add(message);
          if (message.startsWith("pushing") && theirs.get() == null) {
            theirs.set(
                remote.commitAsSomeoneElse(
                    "Deploy documentation",
                    Map.of(
                        STAGING_ENV,
                        set(remote.readFile(STAGING_ENV), "DOCUMENTATION_DOCKER_TAG", "9a8b7c6"))));
          }
        };

    AppliedOperation applied =
        api.deployer()
            .apply(operation("promotion-12-deploy", racing, new TargetChange(API, api, "f3d0498")));

    assertThat(remote.subjects())
        .containsExactly("Deploy to staging", "Deploy documentation", "Add the manifests");
    assertThat(remote.commits().get(0).getParent(0).name()).isEqualTo(theirs.get());
    assertThat(remote.readFile(STAGING_ENV))
        .isEqualTo(
            EnvKeyLocatorTest.STAGING_ENV
                .replace("API_DOCKER_TAG: \"1a2b3c4\"", "API_DOCKER_TAG: \"f3d0498\"")
                .replace("DOCUMENTATION_DOCKER_TAG: latest", "DOCUMENTATION_DOCKER_TAG: 9a8b7c6"));
    assertThat(applied.reference()).contains(remote.head());
    assertThat(log)
        .contains(
            "push rejected (attempt 1 of 5): the branch moved on the remote (someone else pushed"
                + " first)")
        .anyMatch(line -> line.startsWith("pushing") && line.endsWith("(attempt 2 of 5)"));
  }

  @Test
  void givesUpWithATerminalErrorWhenEveryPushIsRejected() {
    useRepository(remote.repositoryConfig("manifests", remote.url(), 3));
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    AtomicInteger races = new AtomicInteger();
    DeployLog alwaysFirst =
        message -> {
          log.add(message);
          if (message.startsWith("pushing")) {
            remote.commitAsSomeoneElse(
                "Deploy documentation " + races.incrementAndGet(),
                Map.of(
                    STAGING_ENV,
                    set(
                        remote.readFile(STAGING_ENV),
                        "DOCUMENTATION_DOCKER_TAG",
                        "v" + races.get())));
          }
        };

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            alwaysFirst,
                            new TargetChange(API, api, "f3d0498"))))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL);
              assertThat(e.isTerminal()).isTrue();
            })
        .hasMessage(
            "push to "
                + remote.url()
                + " branch main for promotion-12-deploy rejected after 3 attempts: the branch"
                + " moved on the remote (someone else pushed first)");
    assertThat(races).hasValue(3);
    assertThat(remote.subjects())
        .containsExactly(
            "Deploy documentation 3",
            "Deploy documentation 2",
            "Deploy documentation 1",
            "Add the manifests");
    assertThat(ValueLocator.envKey("API_DOCKER_TAG").read(remote.readFile(STAGING_ENV)))
        .contains("1a2b3c4");
    assertThat(log.stream().filter(line -> line.startsWith("push rejected"))).hasSize(3);
  }

  @Test
  void applyingAnOperationAgainMakesNoSecondCommit() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    GitFileTarget admin = target(keyEntry(STAGING_ENV, "ADMIN_DOCKER_TAG"));
    AppliedOperation first =
        api.deployer()
            .apply(
                operation(
                    "promotion-12-deploy",
                    log::add,
                    new TargetChange(API, api, "f3d0498"),
                    new TargetChange(ADMIN, admin, "0c1d2e3")));
    remote.commitAsSomeoneElse(
        "Deploy documentation",
        Map.of(STAGING_ENV, set(remote.readFile(STAGING_ENV), "DOCUMENTATION_DOCKER_TAG", "v2")));
    List<String> again = new ArrayList<>();

    AppliedOperation second =
        api.deployer()
            .apply(
                operation(
                    "promotion-12-deploy",
                    again::add,
                    new TargetChange(API, api, "f3d0498"),
                    new TargetChange(ADMIN, admin, "0c1d2e3")));

    assertThat(remote.commitCount()).isEqualTo(3);
    assertThat(second.resumed()).isTrue();
    assertThat(second.reference()).isEqualTo(first.reference());
    assertThat(previousValues(second))
        .isEqualTo(previousValues(first))
        .containsExactly(Optional.of("1a2b3c4"), Optional.of("78962bb"));
    assertThat(again)
        .contains(
            "already applied in "
                + first.reference().orElseThrow().substring(0, 7)
                + " (Slipway-Operation: promotion-12-deploy); nothing pushed")
        .noneMatch(line -> line.startsWith("pushing"));
  }

  @Test
  void aRestartedServerWithoutItsCloneFindsTheOperationToo() throws Exception {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    AppliedOperation first =
        api.deployer()
            .apply(
                operation("promotion-12-deploy", log::add, new TargetChange(API, api, "f3d0498")));
    org.eclipse.jgit.util.FileUtils.delete(
        folder.resolve("data").toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);
    useRepository(remote.repositoryConfig("manifests"));
    GitFileTarget restarted = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    assertThat(restarted.deployer()).isNotSameAs(api.deployer());

    AppliedOperation second =
        restarted
            .deployer()
            .apply(
                operation(
                    "promotion-12-deploy", log::add, new TargetChange(API, restarted, "f3d0498")));

    assertThat(second.resumed()).isTrue();
    assertThat(second.reference()).isEqualTo(first.reference());
    assertThat(previousValues(second)).containsExactly(Optional.of("1a2b3c4"));
    assertThat(remote.commitCount()).isEqualTo(2);
  }

  @Test
  void makesNoCommitWhenEveryValueIsAlreadySet() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    AppliedOperation applied =
        api.deployer()
            .apply(
                operation("promotion-13-deploy", log::add, new TargetChange(API, api, "1a2b3c4")));

    assertThat(applied.reference()).isEmpty();
    assertThat(applied.resumed()).isFalse();
    assertThat(previousValues(applied)).containsExactly(Optional.of("1a2b3c4"));
    assertThat(remote.commitCount()).isEqualTo(1);
    assertThat(log)
        .contains(
            "manifests:" + STAGING_ENV + " API_DOCKER_TAG: already 1a2b3c4",
            "every value is already set on main at "
                + remote.head().substring(0, 7)
                + "; no commit made");
  }

  @Test
  void aMissingKeyFailsTerminallyAndPushesNothing() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    GitFileTarget lambda = target(keyEntry(STAGING_ENV, "LAMBDA_DOCKER_TAG"));

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            log::add,
                            new TargetChange(API, api, "f3d0498"),
                            new TargetChange(ComponentName.of("heartbeat"), lambda, "f3d0498"))))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue())
        .hasMessage(
            STAGING_ENV + " in repository manifests: key LAMBDA_DOCKER_TAG is not set in the file");
    assertThat(remote.commitCount()).isEqualTo(1);
    assertThat(log).noneMatch(line -> line.startsWith("pushing"));
  }

  @Test
  void aMissingFileFailsTerminallyAndPushesNothing() {
    GitFileTarget dev = target(keyEntry("helmfile/overrides/dev.env", "API_DOCKER_TAG"));

    assertThatThrownBy(
            () ->
                dev.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            log::add,
                            new TargetChange(API, dev, "f3d0498"))))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue())
        .hasMessage(
            "file helmfile/overrides/dev.env is not in repository manifests (branch main at "
                + remote.head().substring(0, 7)
                + "), so manifests:helmfile/overrides/dev.env API_DOCKER_TAG cannot be set for"
                + " promotion-12-deploy");
    assertThat(remote.commitCount()).isEqualTo(1);
  }

  @Test
  void refusesTwoValuesForOnePlaceInOneOperation() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    GitFileTarget again = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            log::add,
                            new TargetChange(API, api, "f3d0498"),
                            new TargetChange(ComponentName.of("celery"), again, "0c1d2e3"))))
        .isInstanceOf(SlipwayException.class)
        .hasMessage(
            "manifests:"
                + STAGING_ENV
                + " API_DOCKER_TAG is set to both 'f3d0498' and '0c1d2e3' in one operation");
    assertThat(remote.commitCount()).isEqualTo(1);
  }

  @Test
  void remakesACloneLeftHalfMadeByACrash() throws Exception {
    Path clone = folder.resolve("data/git/manifests");
    Files.createDirectories(clone.resolve("objects"));
    Files.writeString(clone.resolve("HEAD"), "ref: refs/heads/mai");
    Path leftover = Files.createDirectories(folder.resolve("data/git/manifests.partial-123"));
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    api.deployer()
        .apply(operation("promotion-12-deploy", log::add, new TargetChange(API, api, "f3d0498")));

    assertThat(remote.commitCount()).isEqualTo(2);
    assertThat(leftover).doesNotExist();
    assertThat(log)
        .contains(
            "the clone in "
                + clone.toAbsolutePath()
                + " is incomplete or of another repository; making it again");
    List<String> next = new ArrayList<>();
    api.deployer()
        .apply(operation("promotion-13-deploy", next::add, new TargetChange(API, api, "0c1d2e3")));
    assertThat(remote.commitCount()).isEqualTo(3);
    assertThat(next).noneMatch(line -> line.contains("clone"));
  }

  @Test
  void serializesAppliesToOneClone() throws Exception {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    type = new GitFileTargetType();
    GitFileTarget admin = target(keyEntry(STAGING_ENV, "ADMIN_DOCKER_TAG"));
    assertThat(admin.deployer()).isNotSameAs(api.deployer());
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> second = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread first =
        new Thread(
            () -> {
              try {
                api.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            message -> {
                              if (message.startsWith("fetching")) {
                                inside.countDown();
                                await(release);
                              }
                            },
                            new TargetChange(API, api, "f3d0498")));
              } catch (RuntimeException | Error e) {
                failures.add(e);
              }
            });
    Thread other =
        new Thread(
            () -> {
              try {
                admin
                    .deployer()
                    .apply(
                        operation(
                            "promotion-13-deploy",
                            second::add,
                            new TargetChange(ADMIN, admin, "0c1d2e3")));
              } catch (RuntimeException | Error e) {
                failures.add(e);
              }
            });
    first.start();
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    other.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (second.isEmpty() && !waitsForALock(other) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(second).as("the second apply ran while the first held the clone").isEmpty();
    assertThat(waitsForALock(other)).isTrue();
    release.countDown();
    first.join(10_000);
    other.join(10_000);
    assertThat(failures).isEmpty();
    assertThat(remote.commitCount()).isEqualTo(3);
    assertThat(remote.readFile(STAGING_ENV))
        .contains("API_DOCKER_TAG: \"f3d0498\"")
        .contains("ADMIN_DOCKER_TAG: \"0c1d2e3\"");
  }

  private static boolean waitsForALock(Thread thread) {
    return thread.getState() == Thread.State.WAITING
        && Arrays.stream(thread.getStackTrace())
            .anyMatch(frame -> frame.getClassName().endsWith("ReentrantLock$Sync"));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void readsTheCurrentValueWithoutDeploying() {
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));
    GitFileTarget documents =
        target(yamlEntry(KUSTOMIZATION, "images[name=document-download-api].newTag"));
    assertThat(api.currentValue()).contains("1a2b3c4");

    remote.commitAsSomeoneElse(
        "Deploy api by hand",
        Map.of(STAGING_ENV, set(remote.readFile(STAGING_ENV), "API_DOCKER_TAG", "0c1d2e3")));

    assertThat(api.currentValue()).contains("0c1d2e3");
    assertThat(documents.currentValue()).contains("5e6f7a8");
    assertThat(target(keyEntry(STAGING_ENV, "LAMBDA_DOCKER_TAG")).currentValue()).isEmpty();
    assertThat(remote.commitCount()).isEqualTo(2);
  }

  @Test
  void pushesToAFileUrl() {
    useRepository(remote.repositoryConfig("manifests", remote.fileUrl(), 5));
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    api.deployer()
        .apply(operation("promotion-12-deploy", log::add, new TargetChange(API, api, "f3d0498")));

    assertThat(ValueLocator.envKey("API_DOCKER_TAG").read(remote.readFile(STAGING_ENV)))
        .contains("f3d0498");
  }

  @Test
  void anUnreachableRemoteIsAnErrorWorthRetryingLater() {
    String nowhere = folder.resolve("nowhere.git").toAbsolutePath().toString();
    useRepository(remote.repositoryConfig("manifests", nowhere, 2));
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            log::add,
                            new TargetChange(API, api, "f3d0498"))))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.EXTERNAL);
              assertThat(e.isTerminal()).isFalse();
            })
        .hasMessageStartingWith(
            "fetch from "
                + nowhere
                + " branch main for promotion-12-deploy failed after 2 attempts:");
    assertThat(log)
        .anyMatch(line -> line.startsWith("fetch failed (attempt 1 of 2)"))
        .anyMatch(line -> line.startsWith("fetch failed (attempt 2 of 2)"));
  }

  @Test
  void aBranchTheRemoteLacksIsATerminalError() {
    RepositoryConfig config = remote.repositoryConfig("manifests");
    useRepository(
        new RepositoryConfig(
            config.name(),
            config.url(),
            "release",
            config.username(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            config.authorName(),
            config.authorEmail(),
            config.pushAttempts()));
    GitFileTarget api = target(keyEntry(STAGING_ENV, "API_DOCKER_TAG"));

    assertThatThrownBy(
            () ->
                api.deployer()
                    .apply(
                        operation(
                            "promotion-12-deploy",
                            log::add,
                            new TargetChange(API, api, "f3d0498"))))
        .isInstanceOfSatisfying(SlipwayException.class, e -> assertThat(e.isTerminal()).isTrue())
        .hasMessage("branch release does not exist in " + remote.url());
  }
}
