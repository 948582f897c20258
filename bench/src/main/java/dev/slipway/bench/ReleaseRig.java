package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.environment.EnvironmentName;
import dev.slipway.fleet.Fleet;
import dev.slipway.fleet.FleetSettings;
import dev.slipway.fleet.ManifestsSource;
import dev.slipway.target.git.ValueLocator;
import dev.slipway.testing.TestingGitRemote;
import dev.slipway.testing.TestingSourceRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the certification benchmark runs the server against: {@code api} deployed to an automatic
 * {@code staging} and, by releases cut from it, to an automatic {@code production} held by the
 * {@code certification} gate; {@code api}'s source in a real git repository where two people commit
 * under addresses that {@code releases.owners} maps to their main emails; one API token for each of
 * them and one for CI, all made with {@code slipway token create}.
 */
final class ReleaseRig implements AutoCloseable {
  static final String STAGING_FILE = "helmfile/overrides/staging.env";
  static final String PRODUCTION_FILE = "helmfile/overrides/production.env";
  static final EnvironmentName PRODUCTION = EnvironmentName.of("production");

  /**
   * Someone who commits to {@code api}: the address their commits carry differs from their main
   * email (their token's), so certifying goes through the owners mapping as it does for people
   * committing from a laptop or through GitHub's web page.
   */
  record Author(String name, String email, String commitEmail, String alias) {
    Author {
      requireNonNull(name, "name is null");
      requireNonNull(email, "email is null");
      requireNonNull(commitEmail, "commitEmail is null");
      requireNonNull(alias, "alias is null");
    }
  }

  static final Author ADA =
      new Author("Ada Lovelace", "ada@example.org", "ada@ada-laptop.local", "ada@ada-laptop.local");

  /** Commits through GitHub's web page: a numbered noreply address, listed without its number. */
  static final Author GRACE =
      new Author(
          "Grace Hopper",
          "grace@example.org",
          "4242+grace@users.noreply.github.com",
          "grace@users.noreply.github.com");

  static final List<Author> AUTHORS = List.of(ADA, GRACE);

  private final Path directory;
  private final TestingGitRemote manifests;
  private final TestingSourceRepository source;
  private final Fleet fleet;
  private final Path config;
  private final String ciToken;
  private final Map<Author, String> tokens;

  private ReleaseRig(
      Path directory,
      TestingGitRemote manifests,
      TestingSourceRepository source,
      Fleet fleet,
      Rig.Staging verification) {
    this.directory = directory;
    this.manifests = manifests;
    this.source = source;
    this.fleet = fleet;
    this.config = directory.resolve("slipway.yaml");
    try {
      Files.writeString(config, config(verification), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path data = dataDirectory();
    this.ciToken = Rig.createToken(data, "CI", "ci@example.org");
    this.tokens =
        Map.of(
            ADA,
            Rig.createToken(data, ADA.name(), ADA.email()),
            GRACE,
            Rig.createToken(data, GRACE.name(), GRACE.email()));
  }

  /**
   * A fresh rig in a new folder under {@code parent}.
   *
   * @param verification how staging and production both verify a deploy
   */
  static ReleaseRig create(Path parent, String name, Rig.Staging verification) {
    Path directory = parent.resolve(name);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestingGitRemote manifests =
        TestingGitRemote.create(
            directory.resolve("manifests.git"),
            "main",
            Map.of(
                STAGING_FILE,
                "# staging overrides\nAPI_DOCKER_TAG: \"0000000\"\n",
                PRODUCTION_FILE,
                "# production overrides\nAPI_DOCKER_TAG: \"0000000\"\n"));
    TestingSourceRepository source = TestingSourceRepository.create(directory.resolve("api.git"));
    // As in Rig: services switch as soon as they notice a change, so only Slipway is measured.
    Fleet fleet =
        Fleet.start(
            FleetSettings.defaults()
                .withPollInterval(Duration.ofMillis(10))
                .withRolloutDelay(Duration.ZERO));
    try {
      fleet.register(
          Rig.STAGING,
          Rig.API,
          new ManifestsSource(
              manifests.directory(), "main", STAGING_FILE, ValueLocator.envKey("API_DOCKER_TAG")));
      fleet.register(
          PRODUCTION,
          Rig.API,
          new ManifestsSource(
              manifests.directory(),
              "main",
              PRODUCTION_FILE,
              ValueLocator.envKey("API_DOCKER_TAG")));
      return new ReleaseRig(directory, manifests, source, fleet, verification);
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  private String config(Rig.Staging verification) {
    StringBuilder text = new StringBuilder();
    text.append("repositories:\n")
        .append("  manifests:\n")
        .append("    url: ")
        .append(manifests.url())
        .append('\n');
    text.append("components:\n")
        .append("  api:\n")
        .append("    repository: \"")
        .append(source.path())
        .append("\"\n");
    text.append("environments:\n");
    text.append(environment("staging", "", STAGING_FILE, verification));
    text.append(
        environment(
            "production",
            "    upstream: staging\n    gates:\n      - type: certification\n",
            PRODUCTION_FILE,
            verification));
    text.append("releases:\n")
        .append("  environments:\n")
        .append("    production: {}\n")
        .append("  owners:\n");
    for (Author author : AUTHORS) {
      text.append("    ")
          .append(author.email())
          .append(": [\"")
          .append(author.alias())
          .append("\"]\n");
    }
    return text.toString();
  }

  private String environment(
      String name, String upstreamAndGates, String file, Rig.Staging verification) {
    return String.join(
        "\n",
        "  " + name + ":",
        upstreamAndGates + "    policy: automatic",
        "    bakeTime: " + verification.bakeTime().toMillis() + "ms",
        "    rolloutTimeout: " + verification.rolloutTimeout().toMillis() + "ms",
        "    components:",
        "      api:",
        "        targets:",
        "          - type: git-file",
        "            repository: manifests",
        "            file: " + file,
        "            key: API_DOCKER_TAG",
        "        checks:",
        "          - type: http",
        "            url: " + fleet.url(EnvironmentName.of(name), Rig.API),
        "            interval: " + verification.checkInterval().toMillis() + "ms",
        "            timeout: 2s",
        "            failureThreshold: " + verification.failureThreshold(),
        "");
  }

  Path directory() {
    return directory;
  }

  Path config() {
    return config;
  }

  Path dataDirectory() {
    return directory.resolve("data");
  }

  TestingGitRemote manifests() {
    return manifests;
  }

  /** {@code api}'s source repository, which the server reads in place for change sets. */
  TestingSourceRepository source() {
    return source;
  }

  /** The token CI registers builds with. */
  String ciToken() {
    return ciToken;
  }

  /** The token an author certifies with. */
  String token(Author author) {
    String token = tokens.get(author);
    if (token == null) {
      throw new IllegalArgumentException(author.email() + " has no token in this rig");
    }
    return token;
  }

  /** Makes a commit on {@code api}'s main branch as an author and returns its id. */
  String commit(Author author, String message) {
    return source
        .commit(TestingSourceRepository.person(author.name(), author.commitEmail()), message)
        .push();
  }

  @Override
  public void close() {
    fleet.close();
  }
}
