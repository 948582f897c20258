package dev.slipway.fleet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.target.git.ValueLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The version a manifests repository names for one service: a value in a file at the head of a
 * branch of a local repository, read the way the git-file target writes it. This is the fleet's
 * source of truth, as a real cluster's would be the same file synced by its deploy tooling.
 */
public final class ManifestsSource implements Supplier<Optional<String>> {
  private final Path repository;
  private final String branch;
  private final String file;
  private final ValueLocator locator;

  public ManifestsSource(Path repository, String branch, String file, ValueLocator locator) {
    this.repository = requireNonNull(repository, "repository is null");
    this.branch = requireNonNull(branch, "branch is null");
    this.file = requireNonNull(file, "file is null");
    this.locator = requireNonNull(locator, "locator is null");
  }

  @Override
  public Optional<String> get() {
    try (Repository git =
            new FileRepositoryBuilder().setGitDir(repository.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(git)) {
      ObjectId head = git.resolve("refs/heads/" + branch);
      if (head == null) {
        return Optional.empty();
      }
      RevCommit commit = walk.parseCommit(head);
      try (TreeWalk tree = TreeWalk.forPath(git, file, commit.getTree())) {
        if (tree == null) {
          return Optional.empty();
        }
        String content = new String(git.open(tree.getObjectId(0)).getBytes(), UTF_8);
        return locator.read(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + " on " + branch + " of " + repository, e);
    }
  }

  @Override
  public String toString() {
    return repository + ":" + file + " " + locator.description() + " on " + branch;
  }
}
