package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * After the show: what the manifests history, {@code slipway history} and {@code slipway audit
 * verify} say about it, and the commands to try next, filled in with what runs now.
 */
final class Recap {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@=+-]+");

  private final HttpJson user;
  private final ManifestsRepository manifests;
  private final Narrator narrator;
  private final PrintWriter err;
  private final CliRunner cli;
  private final String program;
  private final Path token;
  private final URI fleet;

  /**
   * @param user the API, with the token of the person running the quickstart
   * @param program how that person starts Slipway, such as {@code ./slipway}
   * @param token the file holding their token
   * @param fleet the simulated fleet's address
   */
  Recap(
      HttpJson user,
      ManifestsRepository manifests,
      Narrator narrator,
      PrintWriter err,
      CliRunner cli,
      String program,
      Path token,
      URI fleet) {
    this.user = requireNonNull(user, "user is null");
    this.manifests = requireNonNull(manifests, "manifests is null");
    this.narrator = requireNonNull(narrator, "narrator is null");
    this.err = requireNonNull(err, "err is null");
    this.cli = requireNonNull(cli, "cli is null");
    this.program = requireNonNull(program, "program is null");
    this.token = requireNonNull(token, "token is null");
    this.fleet = requireNonNull(fleet, "fleet is null");
  }

  /**
   * Prints the record of the show and what to try next.
   *
   * @param since the head of the manifests repository before the show
   * @return whether the commands shown succeeded (the audit record is intact)
   */
  boolean print(String since) {
    narrator.heading(
        "The manifests repository's history: git log of main, the commits of this run, newest"
            + " first");
    for (ManifestsRepository.Entry entry : manifests.logSince(since)) {
      narrator.line(
          "  " + entry.shortSha() + "  " + entry.subject() + "  (" + entry.author() + ")");
      if (entry.subject().startsWith("Revert ")) {
        for (String line : entry.body().split("\n", -1)) {
          narrator.line(("           " + line).stripTrailing());
        }
      }
    }
    boolean history = show("history", "--env", "staging");
    boolean audit = show("audit", "verify");
    nextSteps();
    return history && audit;
  }

  /** Prints a command as the user would type it, then runs it and prints what it prints. */
  private boolean show(String... args) {
    narrator.line("");
    narrator.line("$ " + program + " " + String.join(" ", args));
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(
        List.of(
            "--server", user.base().toString(),
            "--token-file", token.toString()));
    return cli.run(narrator.out(), err, line.toArray(String[]::new)) == 0;
  }

  private void nextSteps() {
    Map<String, JsonNode> staging =
        new TreeMap<>(Comparator.comparingInt(QuickstartFolder.COMPONENTS::indexOf));
    for (JsonNode environment : user.get("api/v1/status").path("environments")) {
      if ("staging".equals(environment.path("name").asText())) {
        for (JsonNode component : environment.path("components")) {
          if (component.hasNonNull("build")) {
            staging.put(component.get("component").asText(), component.get("build"));
          }
        }
      }
    }
    List<String> builds = new ArrayList<>();
    staging.forEach(
        (component, build) ->
            builds.add("--build " + component + "@" + build.get("commit").asText()));
    String api = staging.containsKey("api") ? staging.get("api").get("shortCommit").asText() : null;
    narrator.heading("Next: try it yourself, in another terminal");
    narrator.line(
        "  export SLIPWAY_URL="
            + stripSlash(user.base())
            + " SLIPWAY_TOKEN=$(cat "
            + shell(token.toString())
            + ")");
    narrator.line("  " + program + " status");
    if (!builds.isEmpty()) {
      narrator.line("");
      narrator.line(
          "  Promote what staging runs and verified to production, by hand, and follow it:");
      narrator.line(
          "    "
              + program
              + " promote --env production "
              + String.join(" ", builds)
              + " --reason \"First release\" --wait");
    }
    if (api != null) {
      narrator.line("");
      narrator.line(
          "  Or first make that api build unhealthy in the fleet (it answers 500 wherever it runs),"
              + " and watch production roll it back:");
      narrator.line("    curl -X PUT " + fleet.resolve("_fleet/unhealthy/api/" + api));
      narrator.line(
          "    curl -X DELETE "
              + fleet.resolve("_fleet/unhealthy/api/" + api)
              + "   # healthy again");
    }
    narrator.line("");
    narrator.line(
        "  Roll staging back: undo its most recent succeeded promotion, and reject its builds there:");
    narrator.line(
        "    " + program + " rollback --env staging --reason \"Trying a rollback\" --wait");
    narrator.line("");
    narrator.line("  Look around:");
    narrator.line("    " + program + " history");
    narrator.line("    curl " + fleet.resolve("_fleet"));
    narrator.line("    git -C " + shell(manifests.directory().toString()) + " log --stat");
  }

  private static String stripSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** A word for a POSIX shell: as it is when that is safe, else single-quoted. */
  static String shell(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
