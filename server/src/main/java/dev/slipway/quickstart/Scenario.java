package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.quickstart.SourceRepository.Change;
import dev.slipway.quickstart.SourceRepository.Commit;
import dev.slipway.target.git.ValueLocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The show, with the quickstart playing CI: changes land in the source repositories, their builds
 * are registered, and staging deploys them on its own; then a change that breaks the api is rolled
 * back. Every fact narrated is read back from the API, the fleet or a repository, and what did not
 * go as the story expects is collected as a surprise rather than glossed over.
 */
final class Scenario {
  private static final String STAGING = "staging";

  private final HttpJson ci;
  private final HttpJson fleet;
  private final Map<String, SourceRepository> sources;
  private final ManifestsRepository manifests;
  private final Narrator narrator;
  private final PromotionFollower follower;
  private final QuickstartTimings timings;
  private final List<String> surprises = new ArrayList<>();

  /**
   * @param ci the API, with the token CI registers builds with
   * @param fleet the simulated fleet
   */
  Scenario(
      HttpJson ci,
      HttpJson fleet,
      Map<String, SourceRepository> sources,
      ManifestsRepository manifests,
      Narrator narrator,
      QuickstartTimings timings) {
    this.ci = requireNonNull(ci, "ci is null");
    this.fleet = requireNonNull(fleet, "fleet is null");
    this.sources = Map.copyOf(requireNonNull(sources, "sources is null"));
    this.manifests = requireNonNull(manifests, "manifests is null");
    this.narrator = requireNonNull(narrator, "narrator is null");
    this.timings = requireNonNull(timings, "timings is null");
    this.follower =
        new PromotionFollower(ci, narrator, timings.followInterval(), timings.actTimeout());
  }

  /**
   * Plays the three acts.
   *
   * @return what did not go as the story expects; empty when it all did
   */
  List<String> play() throws InterruptedException {
    narrator.heading("0. The apps start, running what the manifests repository names");
    for (String environment : QuickstartFolder.ENVIRONMENTS) {
      awaitRunning(environment);
    }
    reportUnfinished();
    actOne();
    pause();
    Commit good = actTwo();
    pause();
    actThree(good);
    return List.copyOf(surprises);
  }

  private void actOne() throws InterruptedException {
    narrator.heading("1. CI builds a change to each app; staging deploys them on its own");
    Commit api = land("api", Changes.API_LIMITS);
    Commit admin = land("admin", Changes.ADMIN_REPORT);
    List<JsonNode> builds = List.of(register("api", api), register("admin", admin));
    expect(follow(builds), "SUCCEEDED");
    describe(STAGING);
  }

  private Commit actTwo() throws InterruptedException {
    narrator.heading("2. A newer api change; staging deploys it on its own");
    Commit api = land("api", Changes.API_CALLBACKS);
    expect(follow(List.of(register("api", api))), "SUCCEEDED");
    describe(STAGING);
    return api;
  }

  private void actThree(Commit good) throws InterruptedException {
    narrator.heading("3. A change that breaks the api; Slipway rolls it back");
    Commit bad = land("api", Changes.API_CACHE);
    JsonNode unhealthy = fleet.put("_fleet/unhealthy/api/" + bad.shortSha());
    List<String> prefixes = new ArrayList<>();
    unhealthy.path("unhealthy").path("api").forEach(prefix -> prefixes.add(prefix.asText()));
    narrator.say(
        "This change breaks the api once it runs. To play that, the quickstart told the fleet"
            + " PUT "
            + fleet.resolve("_fleet/unhealthy/api/" + bad.shortSha())
            + "; the fleet now answers 500 at /_status for api builds matching "
            + Words.join(prefixes));
    JsonNode build = register("api", bad);
    List<JsonNode> ended = follow(List.of(build));
    expect(ended, "FAILED");
    if (ended.isEmpty()) {
      return;
    }
    JsonNode promotion = ended.get(0);
    if (promotion.hasNonNull("revertReference")) {
      narrator.say(
          "Slipway undid its deploy commit "
              + Words.shortVersion(promotion.path("deployReference").asText())
              + " with the revert commit "
              + Words.shortVersion(promotion.get("revertReference").asText())
              + " in the manifests repository, on its own");
    } else {
      surprise("promotion " + promotion.get("id").asLong() + " records no revert commit");
    }
    reportRejection(build);
    String key = QuickstartFolder.manifestsKey("api");
    Optional<String> named =
        manifests
            .file(QuickstartFolder.manifestsFile(STAGING))
            .flatMap(content -> ValueLocator.envKey(key).read(content));
    narrator.say(
        QuickstartFolder.manifestsFile(STAGING)
            + " on main names "
            + key
            + " \""
            + named.orElse("(nothing)")
            + "\""
            + (named.equals(Optional.of(good.shortSha()))
                ? ", the build before the bad one, again"
                : ""));
    Map<String, String> running = describe(STAGING);
    if (!good.shortSha().equals(running.get("api"))) {
      surprise(
          "staging's api reports "
              + running.get("api")
              + " after the rollback, not "
              + good.shortSha());
    }
  }

  /** Waits until every app of an environment runs something, and says what. */
  private void awaitRunning(String environment) throws InterruptedException {
    Instant deadline = Instant.now().plus(timings.actTimeout());
    Map<String, String> running = reported(environment);
    while (running.containsValue(null) && Instant.now().isBefore(deadline)) {
      Thread.sleep(timings.followInterval().toMillis());
      running = reported(environment);
    }
    List<String> apps = new ArrayList<>();
    running.forEach(
        (component, version) -> {
          if (version == null) {
            surprise(component + " in " + environment + " never reported a version");
          } else {
            apps.add(component + "@" + version);
          }
        });
    narrator.say(
        capitalized(environment)
            + " runs "
            + Words.join(apps)
            + ", as the apps' /_status endpoints report ("
            + fleet.resolve(environment + "/api/_status")
            + " and so on)");
  }

  /** Says which promotions an earlier run left unfinished, as Slipway takes them up again. */
  private void reportUnfinished() {
    for (JsonNode environment : ci.get("api/v1/status").path("environments")) {
      String name = environment.path("name").asText();
      JsonNode active = environment.path("active");
      if (active.hasNonNull("id")) {
        narrator.say(
            "From an earlier run, promotion "
                + active.get("id").asLong()
                + " of "
                + Words.builds(active)
                + " is still "
                + Words.phase(active)
                + " in "
                + name
                + "; Slipway carries on with it, and new promotions there wait until it has ended");
      }
      for (JsonNode pending : environment.path("pending")) {
        narrator.say(
            "From an earlier run, promotion "
                + pending.get("id").asLong()
                + " of "
                + Words.builds(pending)
                + " is still waiting to start in "
                + name);
      }
    }
  }

  /** A developer's change lands on a source repository's main branch. */
  private Commit land(String component, Change change) {
    Commit commit = sources.get(component).merge(change);
    narrator.say(
        commit.authorName()
            + " merged \""
            + commit.subject()
            + "\" into "
            + component
            + ": commit "
            + commit.shortSha());
    return commit;
  }

  /** CI registers the build of a commit, as its last job would. */
  private JsonNode register(String component, Commit commit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("component", component);
    body.put("commit", commit.sha());
    JsonNode answer = ci.post("api/v1/builds", body);
    JsonNode build = answer.get("build");
    narrator.say(
        "CI built "
            + Words.build(build)
            + " and registered it with POST /api/v1/builds: "
            + (answer.get("created").asBoolean() ? "build " : "already build ")
            + build.get("id").asLong());
    return build;
  }

  /** Finds the promotions Slipway queued for the builds on its own, and follows them to the end. */
  private List<JsonNode> follow(List<JsonNode> builds) throws InterruptedException {
    JsonNode promotions = ci.get("api/v1/promotions?environment=" + STAGING + "&limit=100");
    List<Long> ids = new ArrayList<>();
    List<String> queued = new ArrayList<>();
    for (JsonNode build : builds) {
      Optional<JsonNode> promotion = automaticPromotionOf(promotions, build);
      if (promotion.isPresent()) {
        long id = promotion.get().get("id").asLong();
        ids.add(id);
        queued.add("promotion " + id + " of " + Words.build(build));
      } else {
        surprise("Slipway queued no promotion of " + Words.build(build) + " to " + STAGING);
        narrator.say("Slipway queued no promotion of " + Words.build(build) + " to " + STAGING);
      }
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    narrator.say(
        "Staging's policy is automatic, so Slipway queued "
            + Words.join(queued)
            + " on its own. Following "
            + (ids.size() == 1 ? "it" : "them")
            + " through GET /api/v1/promotions/{id}:");
    List<JsonNode> ended = follower.follow(ids);
    for (JsonNode promotion : ended) {
      if (promotion.get("terminal").asBoolean()) {
        narrator.say(
            "Promotion "
                + promotion.get("id").asLong()
                + " of "
                + Words.builds(promotion)
                + " "
                + Words.phase(promotion)
                + ", "
                + Words.took(promotion)
                + " after it was queued");
      }
    }
    return ended;
  }

  private static Optional<JsonNode> automaticPromotionOf(JsonNode promotions, JsonNode build) {
    for (JsonNode promotion : promotions) {
      if (!"AUTOMATIC".equals(promotion.path("origin").asText())
          || !"DEPLOY".equals(promotion.path("kind").asText())) {
        continue;
      }
      for (JsonNode entry : promotion.path("builds")) {
        if (entry.path("build").path("id").asLong(-1) == build.get("id").asLong()) {
          return Optional.of(promotion);
        }
      }
    }
    return Optional.empty();
  }

  private void expect(List<JsonNode> promotions, String phase) {
    for (JsonNode promotion : promotions) {
      if (!phase.equals(promotion.get("phase").asText())) {
        surprise(
            "promotion "
                + promotion.get("id").asLong()
                + " is "
                + Words.phase(promotion)
                + ", where the story expects "
                + phase.toLowerCase(java.util.Locale.ROOT)
                + (promotion.hasNonNull("outcome")
                    ? ": " + promotion.get("outcome").asText()
                    : ""));
      }
    }
  }

  private void reportRejection(JsonNode build) {
    JsonNode rejections = ci.get("api/v1/rejections?environment=" + STAGING);
    for (JsonNode rejection : rejections) {
      if (rejection.path("build").path("id").asLong(-1) == build.get("id").asLong()) {
        narrator.say(
            Words.build(build)
                + " is now rejected in staging (GET /api/v1/rejections): "
                + rejection.get("reason").asText()
                + ". Slipway will not deploy it there on its own again");
        return;
      }
    }
    surprise(Words.build(build) + " is not rejected in " + STAGING);
  }

  /**
   * Says what an environment runs, by Slipway's record and by the apps' own report.
   *
   * @return per component, the version its {@code /_status} reports
   */
  private Map<String, String> describe(String environment) {
    Map<String, String> recorded = recorded(environment);
    Map<String, String> reported = reported(environment);
    if (recorded.equals(reported)) {
      narrator.say(
          capitalized(environment)
              + " now runs "
              + Words.join(versions(reported))
              + ": so Slipway records (GET /api/v1/status), and so the apps' /_status endpoints"
              + " report");
    } else {
      narrator.say(
          "Slipway records that "
              + environment
              + " runs "
              + Words.join(versions(recorded))
              + " (GET /api/v1/status)");
      narrator.say(
          "The apps' /_status endpoints in "
              + environment
              + " report "
              + Words.join(versions(reported)));
    }
    return reported;
  }

  /** Per component, what Slipway records an environment runs; null when it records nothing. */
  private Map<String, String> recorded(String environment) {
    Map<String, String> recorded = new LinkedHashMap<>();
    QuickstartFolder.COMPONENTS.forEach(component -> recorded.put(component, null));
    for (JsonNode candidate : ci.get("api/v1/status").path("environments")) {
      if (!environment.equals(candidate.path("name").asText())) {
        continue;
      }
      for (JsonNode component : candidate.path("components")) {
        String version =
            component.hasNonNull("build")
                ? component.get("build").get("shortCommit").asText()
                : component.hasNonNull("version")
                    ? Words.shortVersion(component.get("version").asText())
                    : null;
        recorded.put(component.get("component").asText(), version);
      }
    }
    return recorded;
  }

  /**
   * Per component, the commit its {@code /_status} reports, with the status when it is not 200;
   * null while it runs nothing.
   */
  private Map<String, String> reported(String environment) {
    Map<String, String> reported = new LinkedHashMap<>();
    for (String component : QuickstartFolder.COMPONENTS) {
      HttpJson.Answer answer = fleet.probe(environment + "/" + component + "/_status");
      if (answer.body() == null || !answer.body().hasNonNull("commit_sha")) {
        reported.put(component, null);
      } else {
        reported.put(
            component,
            answer.body().get("commit_sha").asText()
                + (answer.status() == 200 ? "" : " (answering " + answer.status() + ")"));
      }
    }
    return reported;
  }

  private static List<String> versions(Map<String, String> versions) {
    List<String> words = new ArrayList<>();
    versions.forEach(
        (component, version) ->
            words.add(version == null ? component + " (nothing)" : component + "@" + version));
    return words;
  }

  private void pause() throws InterruptedException {
    Thread.sleep(timings.pause().toMillis());
  }

  private void surprise(String what) {
    surprises.add(what);
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
