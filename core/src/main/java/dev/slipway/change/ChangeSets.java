package dev.slipway.change;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Computes change sets: per component, the commits a release's build would bring to an environment
 * (or take from it), read from the component's repository.
 */
public final class ChangeSets {
  private final SlipwayConfig config;
  private final ComponentSources sources;

  public ChangeSets(SlipwayConfig config, ComponentSources sources) {
    this.config = requireNonNull(config, "config is null");
    this.sources = requireNonNull(sources, "sources is null");
  }

  /**
   * The change set of putting {@code release} where {@code running} runs. With nothing running
   * ({@link ChangeDirection#INITIAL}) or the same commit running ({@link
   * ChangeDirection#UNCHANGED}) there is nothing to list, and the repository is not read. Otherwise
   * both commits are looked up in the component's repository, fetched once if one of them is not
   * there yet. The commits are listed newest first, as {@code git log} lists them, and when the
   * component has path filters only those touching its paths, as {@code git log -- paths} does.
   *
   * @throws MissingCommitException when a commit is not in the repository even after a fetch
   * @throws SlipwayException {@code USER} when the component is unknown, has no repository, or a
   *     commit names an object that is not a commit; {@code EXTERNAL} when the fetch fails
   */
  public ChangeSet between(
      ComponentName component, Optional<CommitSha> running, CommitSha release) {
    requireNonNull(component, "component is null");
    requireNonNull(running, "running is null");
    requireNonNull(release, "release is null");
    ComponentConfig componentConfig = config.getComponent(component);
    if (running.isEmpty()) {
      return new ChangeSet(component, running, release, ChangeDirection.INITIAL, List.of());
    }
    if (running.get().equals(release)) {
      return new ChangeSet(component, running, release, ChangeDirection.UNCHANGED, List.of());
    }
    ObjectId from = ObjectId.fromString(running.get().value());
    ObjectId to = ObjectId.fromString(release.value());
    Repository repository = sources.repositoryWith(component, List.of(from, to));
    try (ObjectReader reader = repository.newObjectReader()) {
      return walk(reader, componentConfig, running, release, from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the commits of component " + component + " in " + repository.getDirectory(),
          e);
    }
  }

  /**
   * One walk of {@code from..to} gives the direction and, without path filters, the commits: {@code
   * to} descends from {@code from} exactly when a commit of the walk has {@code from} as a parent
   * (the last step of the path from one to the other), and {@code from} descends from {@code to}
   * exactly when the walk lists nothing.
   */
  private static ChangeSet walk(
      ObjectReader reader,
      ComponentConfig component,
      Optional<CommitSha> running,
      CommitSha release,
      ObjectId from,
      ObjectId to)
      throws IOException {
    boolean filtered = !component.paths().isEmpty();
    List<ChangeCommit> commits = new ArrayList<>();
    boolean listed = false;
    boolean forward = false;
    try (RevWalk walk = new RevWalk(reader)) {
      walk.setRetainBody(!filtered);
      RevCommit fromCommit = commit(walk, from, component, "running");
      RevCommit toCommit = commit(walk, to, component, "release");
      walk.markStart(toCommit);
      walk.markUninteresting(fromCommit);
      for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
        listed = true;
        if (!forward) {
          for (RevCommit parent : commit.getParents()) {
            if (parent.equals(fromCommit)) {
              forward = true;
              break;
            }
          }
        }
        if (filtered) {
          if (forward) {
            break;
          }
        } else {
          commits.add(CommitReader.read(commit));
        }
      }
    }
    ChangeDirection direction;
    if (!listed) {
      direction = ChangeDirection.DOWNGRADE;
      commits = list(reader, component, to, from);
    } else {
      direction = forward ? ChangeDirection.FORWARD : ChangeDirection.DIVERGED;
      if (filtered) {
        commits = list(reader, component, from, to);
      }
    }
    return new ChangeSet(component.name(), running, release, direction, commits);
  }

  /** The commits of {@code base..tip}, touching the component's paths when it has any. */
  private static List<ChangeCommit> list(
      ObjectReader reader, ComponentConfig component, ObjectId base, ObjectId tip)
      throws IOException {
    List<ChangeCommit> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(reader)) {
      if (!component.paths().isEmpty()) {
        walk.setTreeFilter(
            AndTreeFilter.create(
                PathFilterGroup.createFromStrings(gitPaths(component.paths())),
                TreeFilter.ANY_DIFF));
        walk.setRewriteParents(false);
      }
      walk.markStart(walk.parseCommit(tip));
      walk.markUninteresting(walk.parseCommit(base));
      for (RevCommit commit : walk) {
        commits.add(CommitReader.read(commit));
      }
    }
    return commits;
  }

  /** Git paths have no trailing slash: {@code api/} is the folder {@code api}. */
  private static List<String> gitPaths(List<String> paths) {
    return paths.stream().map(path -> path.replaceAll("/+$", "")).toList();
  }

  private static RevCommit commit(
      RevWalk walk, ObjectId id, ComponentConfig component, String which) throws IOException {
    try {
      return walk.parseCommit(id);
    } catch (IncorrectObjectTypeException e) {
      throw SlipwayException.invalid(
          "commit",
          "the %s build's commit %s of component %s is not a commit in its repository",
          which,
          id.name(),
          component.name());
    }
  }
}
