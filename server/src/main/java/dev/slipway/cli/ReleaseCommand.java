package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway release}: cut, list and show releases, and write their notes. */
@Command(
    name = "release",
    description = "Cut, list and show releases; write release notes.",
    subcommands = {
      ReleaseCommand.Cut.class,
      ReleaseCommand.ListReleases.class,
      ReleaseCommand.Show.class,
      ReleaseCommand.Notes.class
    })
final class ReleaseCommand {
  /** {@code slipway release cut --to production [--from staging]}. */
  @Command(
      name = "cut",
      description =
          "Cut a release for an environment from what its upstream verified; it supersedes the"
              + " environment's open release.")
  static final class Cut implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--to", required = true, description = "The environment the release goes to")
    String to;

    @Option(names = "--from", description = "The upstream it is cut from (checked if given)")
    String from;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("environment", to);
      if (from != null) {
        body.put("from", from);
      }
      JsonNode release = client.client().post("api/v1/releases", body);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(release);
      } else {
        printer.line(
            "Release "
                + Printer.text(release, "id")
                + " cut for "
                + Printer.text(release, "environment")
                + " from "
                + Printer.text(release, "source")
                + ": "
                + builds(release));
        printCertification(printer, release.get("certification"));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway release list [--env production]}. */
  @Command(name = "list", description = "List releases, newest first.")
  static final class ListReleases implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--env", description = "Only this environment's releases")
    String environment;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many")
    int limit;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String query = "api/v1/releases?limit=" + limit;
      if (environment != null) {
        query += "&environment=" + environment;
      }
      JsonNode releases = client.client().get(query);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(releases);
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode release : releases) {
        rows.add(
            List.of(
                Printer.text(release, "id"),
                Printer.text(release, "environment"),
                Printer.text(release, "state").toLowerCase(Locale.ROOT),
                Printer.text(release, "origin").toLowerCase(Locale.ROOT),
                Printer.time(release, "cutAt"),
                builds(release)));
      }
      printer.table(List.of("ID", "ENVIRONMENT", "STATE", "ORIGIN", "CUT", "BUILDS"), rows);
      return ExitCodes.OK;
    }
  }

  /** {@code slipway release show ID}. */
  @Command(name = "show", description = "Show a release, its commits and who certified them.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The release")
    long id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode release = client.client().get("api/v1/releases/" + id);
      Printer printer = new Printer(spec.commandLine().getOut());
      if (client.json()) {
        printer.json(release);
        return ExitCodes.OK;
      }
      printer.line(
          "Release "
              + id
              + " to "
              + Printer.text(release, "environment")
              + " ("
              + Printer.text(release, "state").toLowerCase(Locale.ROOT)
              + ")");
      printer.line(
          "  cut:          "
              + Printer.time(release, "cutAt")
              + " from "
              + Printer.text(release, "source")
              + " by "
              + Printer.actor(release.get("cutBy"))
              + " ("
              + Printer.text(release, "origin").toLowerCase(Locale.ROOT)
              + ")");
      if (release.hasNonNull("supersededBy")) {
        printer.line("  superseded:   by release " + Printer.text(release, "supersededBy"));
      }
      printer.line("  builds:       " + builds(release));
      List<String> promotions = new ArrayList<>();
      release.get("promotions").forEach(promotion -> promotions.add(promotion.asText()));
      if (!promotions.isEmpty()) {
        printer.line("  promotions:   " + String.join(", ", promotions));
      }
      printCertification(printer, release.get("certification"));
      for (JsonNode changeSet : release.get("certification").get("changeSets")) {
        printer.line(
            "  "
                + Printer.text(changeSet, "component")
                + " ("
                + Printer.text(changeSet, "direction").toLowerCase(Locale.ROOT)
                + "):");
        for (JsonNode commit : changeSet.get("commits")) {
          printer.line(
              "    "
                  + Printer.text(commit, "sha").substring(0, 7)
                  + "  "
                  + Printer.text(commit, "subject"));
          for (JsonNode owner : commit.get("owners")) {
            printer.line(
                "      "
                    + Printer.text(owner, "owner")
                    + ": "
                    + (owner.hasNonNull("detail")
                        ? Printer.text(owner, "detail")
                        : "not certified yet"));
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  /** {@code slipway release notes ID}. */
  @Command(name = "notes", description = "Write a release's notes in Markdown.")
  static final class Notes implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The release")
    long id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (InputStream notes = client.client().stream("api/v1/releases/" + id + "/notes")) {
        spec.commandLine().getOut().print(new String(notes.readAllBytes(), StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
      } catch (IOException e) {
        throw new UncheckedIOException("reading the notes of release " + id, e);
      }
      return ExitCodes.OK;
    }
  }

  static String builds(JsonNode release) {
    List<String> builds = new ArrayList<>();
    for (JsonNode build : release.get("builds")) {
      builds.add(Printer.text(build, "component") + "@" + Printer.text(build, "shortCommit"));
    }
    return String.join(", ", builds);
  }

  static void printCertification(Printer printer, JsonNode review) {
    if (review == null || review.isNull()) {
      return;
    }
    printer.line(
        "  certification: "
            + Printer.text(review, "verdict").toLowerCase(Locale.ROOT)
            + " ("
            + Printer.text(review, "summary")
            + ")");
  }

  private ReleaseCommand() {}
}
