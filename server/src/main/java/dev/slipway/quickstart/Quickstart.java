package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.Slipway;
import dev.slipway.SlipwaySettings;
import dev.slipway.api.ApiServer;
import dev.slipway.component.ComponentName;
import dev.slipway.config.Durations;
import dev.slipway.config.Secrets;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.fleet.Fleet;
import dev.slipway.fleet.FleetSettings;
import dev.slipway.fleet.ManifestsSource;
import dev.slipway.promotion.EngineSettings;
import dev.slipway.storage.DatabaseSettings;
import dev.slipway.target.git.ValueLocator;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A running quickstart: its folder and repositories, the simulated fleet, Slipway and its API on
 * loopback, and the tokens of CI and of the person watching. {@link #play} runs the show; closing
 * stops it all.
 */
public final class Quickstart implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  /** What a started quickstart is reached at. */
  private record Addresses(URI api, URI fleet) {}

  private final QuickstartSettings settings;
  private final QuickstartFolder folder;
  private final Repositories repositories;
  private final Addresses addresses;
  private final String ciToken;
  private final Narrator narrator;
  private final PrintWriter err;
  private final Deque<AutoCloseable> running;
  private volatile boolean closed;

  private Quickstart(
      QuickstartSettings settings,
      QuickstartFolder folder,
      Repositories repositories,
      Addresses addresses,
      String ciToken,
      Narrator narrator,
      PrintWriter err,
      Deque<AutoCloseable> running) {
    this.settings = settings;
    this.folder = folder;
    this.repositories = repositories;
    this.addresses = addresses;
    this.ciToken = ciToken;
    this.narrator = narrator;
    this.err = err;
    this.running = running;
  }

  /**
   * Makes or reuses the folder, starts the fleet and the server, writes the configuration and the
   * user's token, and says where everything is.
   */
  public static Quickstart start(QuickstartSettings settings, PrintWriter out, PrintWriter err) {
    requireNonNull(settings, "settings is null");
    requireNonNull(out, "out is null");
    requireNonNull(err, "err is null");
    QuickstartFolder folder = QuickstartFolder.prepare(settings.directory(), settings.fresh());
    Clock clock = Clock.systemUTC();
    QuickstartTimings timings = settings.timings();
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      running.push(QuickstartLog.redirect(folder.log()));
      Repositories repositories = Repositories.prepare(folder, clock);
      Fleet fleet =
          Fleet.start(
              FleetSettings.defaults()
                  .withPort(settings.fleetPort())
                  .withPollInterval(timings.fleetPollInterval())
                  .withRolloutDelay(timings.rolloutDelay()),
              clock);
      running.push(fleet);
      follow(fleet, repositories.manifests());
      write(folder.config(), QuickstartConfig.render(folder, fleet, timings));
      Slipway slipway =
          Slipway.open(
              new SlipwaySettings(
                  folder.config(),
                  folder.data(),
                  DatabaseSettings.embedded(folder.data()),
                  new EngineSettings(
                      "quickstart", 4, Duration.ofMinutes(2), timings.engineIdlePoll(), 5),
                  Secrets.fromEnvironment(),
                  clock));
      running.push(slipway);
      ApiServer api = listen(slipway, settings.port());
      running.push(api);
      slipway.start();
      String ciToken =
          slipway
              .identities()
              .createToken("CI", "ci@notify.example", "quickstart CI", Optional.empty())
              .secret();
      String user = userName();
      writeSecret(
          folder.token(),
          slipway
                  .identities()
                  .createToken(user, user + "@localhost", "quickstart", Optional.empty())
                  .secret()
              + "\n");
      Quickstart quickstart =
          new Quickstart(
              settings,
              folder,
              repositories,
              new Addresses(
                  URI.create("http://" + HOST + ":" + api.port() + "/"),
                  URI.create(fleet.baseUrl() + "/")),
              ciToken,
              new Narrator(out, clock),
              err,
              running);
      quickstart.introduce();
      return quickstart;
    } catch (RuntimeException e) {
      stop(running);
      throw e;
    }
  }

  /** The API's address, ending with a slash. */
  public URI url() {
    return addresses.api();
  }

  /** True once {@link #close()} has begun: a show cut short by it has not failed. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Plays the show and the recap.
   *
   * @param cli runs the {@code slipway} commands whose output the recap shows
   * @return true when everything went as the story expects
   */
  public boolean play(CliRunner cli) throws InterruptedException {
    ManifestsRepository manifests = repositories.manifests();
    String before = manifests.head();
    List<String> surprises =
        new Scenario(
                new HttpJson(addresses.api(), Optional.of(ciToken)),
                new HttpJson(addresses.fleet(), Optional.empty()),
                repositories.sources(),
                manifests,
                narrator,
                settings.timings())
            .play();
    boolean recapped =
        new Recap(
                new HttpJson(addresses.api(), Optional.of(readToken())),
                manifests,
                narrator,
                err,
                cli,
                settings.program(),
                folder.token(),
                addresses.fleet())
            .print(before);
    narrator.line("");
    if (surprises.isEmpty() && recapped) {
      narrator.say("The show is over.");
      return true;
    }
    narrator.say("Not everything went as the story expects:");
    surprises.forEach(surprise -> narrator.line("  - " + surprise));
    if (!recapped) {
      narrator.line("  - a command of the recap did not succeed; its output is above");
    }
    narrator.line("  The server's log is in " + folder.log());
    return false;
  }

  @Override
  public void close() {
    closed = true;
    stop(running);
  }

  /** Registers a service per environment and component, following the manifests repository. */
  private static void follow(Fleet fleet, ManifestsRepository manifests) {
    for (String environment : QuickstartFolder.ENVIRONMENTS) {
      for (String component : QuickstartFolder.COMPONENTS) {
        fleet.register(
            EnvironmentName.of(environment),
            ComponentName.of(component),
            new ManifestsSource(
                manifests.directory(),
                ManifestsRepository.BRANCH,
                QuickstartFolder.manifestsFile(environment),
                ValueLocator.envKey(QuickstartFolder.manifestsKey(component))));
      }
    }
  }

  private static ApiServer listen(Slipway slipway, int port) {
    try {
      return ApiServer.start(slipway, HOST, port);
    } catch (JavalinBindException e) {
      throw new SlipwayException(
          ErrorCategory.USER,
          "cannot listen on "
              + HOST
              + ":"
              + port
              + " (is another Slipway running there?); choose another port with --port",
          "--port",
          true,
          e);
    }
  }

  /** Stops what was started, newest first; one that fails to stop does not keep the rest up. */
  private static void stop(Deque<AutoCloseable> running) {
    RuntimeException failure = null;
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop the quickstart cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void introduce() {
    QuickstartTimings timings = settings.timings();
    narrator.line(
        switch (folder.state()) {
          case NEW -> "Slipway quickstart, made in " + folder.root();
          case REUSED ->
              "Slipway quickstart, carrying on in "
                  + folder.root()
                  + " (earlier builds and history are kept; --fresh starts over)";
          case WIPED -> "Slipway quickstart, emptied and made again in " + folder.root();
        });
    narrator.line("");
    row("manifests repository", folder.manifests() + "  (helmfile/overrides/<env>.env)");
    row(
        "source repositories",
        Words.join(
            QuickstartFolder.COMPONENTS.stream()
                .map(component -> folder.source(component).toString())
                .toList()));
    row(
        "configuration",
        folder.config()
            + "  (staging automatic with a "
            + Durations.format(timings.bakeTime())
            + " bake time; production manual)");
    row(
        "simulated fleet",
        addresses.fleet()
            + "_fleet  (each app runs what the manifests name, "
            + Durations.format(timings.rolloutDelay())
            + " after they change)");
    row("Slipway", addresses.api() + "  (data in " + folder.data() + ")");
    row("server log", folder.log().toString());
    row("your API token", folder.token().toString());
    narrator.line("");
    narrator.line("Use it from another terminal:");
    narrator.line(
        "  export SLIPWAY_URL=http://"
            + HOST
            + ":"
            + addresses.api().getPort()
            + " SLIPWAY_TOKEN=$(cat "
            + Recap.shell(folder.token().toString())
            + ")");
    narrator.line("  " + settings.program() + " status");
    narrator.line("");
    narrator.line(
        "Now the quickstart plays CI for api and admin, and tells what Slipway does with their"
            + " builds.");
  }

  private void row(String label, String value) {
    narrator.line("  " + label + " ".repeat(Math.max(1, 22 - label.length())) + value);
  }

  private String readToken() {
    try {
      return Files.readString(folder.token(), UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token back from " + folder.token(), e);
    }
  }

  /** The login name when it makes a plain email address, else "you". */
  private static String userName() {
    String name = System.getProperty("user.name", "");
    return name.matches("[A-Za-z0-9._-]{1,64}") ? name : "you";
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes a file only its owner may read: made with that mode before the secret goes in, then
   * moved over any earlier one.
   */
  private static void writeSecret(Path file, String content) {
    try {
      Path partial =
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  file.getParent(),
                  ".token",
                  ".partial",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(file.getParent(), ".token", ".partial");
      Files.writeString(partial, content, UTF_8);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token to " + file, e);
    }
  }
}
