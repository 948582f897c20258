package dev.slipway.release;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.change.ChangeCommit;
import dev.slipway.change.ChangeDirection;
import dev.slipway.change.ChangeSet;
import dev.slipway.change.CommitIdentity;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Reads change sets from a component's repository when its {@code repository} is a local path (bare
 * or not). It keeps no mirror and fetches nothing: remote repositories are read by the change set
 * service, which replaces this reader once it is wired in.
 */
public final class LocalGitChangeReader implements ChangeReader {
  private static final Pattern CO_AUTHOR =
      Pattern.compile("(?im)^co-authored-by:\\s*(.+?)\\s*<([^>]+)>\\s*$");
  private static final Pattern SQUASH_PR = Pattern.compile("\\(#(\\d+)\\)\\s*$");
  private static final Pattern MERGE_PR = Pattern.compile("^Merge pull request #(\\d+) from ");

  private final SlipwayConfig config;

  public LocalGitChangeReader(SlipwayConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  public ChangeSet between(
      ComponentName component, Optional<CommitSha> running, CommitSha release) {
    if (running.isEmpty()) {
      return new ChangeSet(component, running, release, ChangeDirection.INITIAL, List.of());
    }
    if (running.get().equals(release)) {
      return new ChangeSet(component, running, release, ChangeDirection.UNCHANGED, List.of());
    }
    Path path = repositoryOf(component);
    try (Repository repository = open(path);
        RevWalk walk = new RevWalk(repository)) {
      RevCommit from = parse(walk, component, running.get(), path);
      RevCommit to = parse(walk, component, release, path);
      ChangeDirection direction;
      List<ChangeCommit> commits;
      if (walk.isMergedInto(from, to)) {
        direction = ChangeDirection.FORWARD;
        commits = log(repository, from, to);
      } else if (walk.isMergedInto(to, from)) {
        direction = ChangeDirection.DOWNGRADE;
        commits = log(repository, to, from);
      } else {
        direction = ChangeDirection.DIVERGED;
        commits = log(repository, from, to);
      }
      return new ChangeSet(component, running, release, direction, commits);
    } catch (IOException e) {
      throw SlipwayException.external(
          "reading the commits of " + component + " in " + path + " failed: " + e.getMessage(), e);
    }
  }

  private Path repositoryOf(ComponentName component) {
    ComponentConfig settings = config.getComponent(component);
    String location =
        settings
            .repository()
            .orElseThrow(
                () ->
                    SlipwayException.conflict(
                        "component %s has no repository configured, so its changes cannot be"
                            + " read; set components.%s.repository",
                        component, component));
    Path path = Path.of(location.startsWith("file://") ? location.substring(7) : location);
    if (!Files.isDirectory(path)) {
      throw SlipwayException.conflict(
          "the repository of component %s, %s, is not a local folder; this reader reads local"
              + " repositories only",
          component, location);
    }
    return path;
  }

  private static Repository open(Path path) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    Path dotGit = path.resolve(".git");
    return (Files.isDirectory(dotGit)
            ? builder.setGitDir(dotGit.toFile())
            : builder.setGitDir(path.toFile()))
        .build();
  }

  private static RevCommit parse(RevWalk walk, ComponentName component, CommitSha commit, Path path)
      throws IOException {
    try {
      return walk.parseCommit(ObjectId.fromString(commit.value()));
    } catch (MissingObjectException e) {
      throw new SlipwayException(
          dev.slipway.error.ErrorCategory.CONFLICT,
          "commit "
              + commit
              + " of component "
              + component
              + " is not in "
              + path
              + "; was the history rewritten (a force-push)?",
          null,
          true,
          e);
    }
  }

  /** {@code git log exclude..include}, newest first. */
  private static List<ChangeCommit> log(Repository repository, RevCommit exclude, RevCommit include)
      throws IOException {
    List<ChangeCommit> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(include));
      walk.markUninteresting(walk.parseCommit(exclude));
      for (RevCommit commit : walk) {
        commits.add(read(commit));
      }
    }
    return commits;
  }

  private static ChangeCommit read(RevCommit commit) {
    String message = commit.getFullMessage();
    List<CommitIdentity> coAuthors = new ArrayList<>();
    Matcher trailer = CO_AUTHOR.matcher(message);
    while (trailer.find()) {
      coAuthors.add(new CommitIdentity(trailer.group(1), trailer.group(2)));
    }
    String subject = commit.getShortMessage();
    Matcher squash = SQUASH_PR.matcher(subject);
    Matcher merge = MERGE_PR.matcher(subject);
    Optional<Integer> pullRequest =
        squash.find()
            ? Optional.of(Integer.parseInt(squash.group(1)))
            : merge.find() ? Optional.of(Integer.parseInt(merge.group(1))) : Optional.empty();
    return new ChangeCommit(
        CommitSha.of(commit.getName()),
        identity(commit.getAuthorIdent()),
        identity(commit.getCommitterIdent()),
        coAuthors,
        pullRequest,
        subject,
        commit.getCommitterIdent().getWhenAsInstant());
  }

  private static CommitIdentity identity(org.eclipse.jgit.lib.PersonIdent person) {
    return new CommitIdentity(person.getName(), person.getEmailAddress());
  }
}
