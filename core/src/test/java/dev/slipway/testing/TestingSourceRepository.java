package dev.slipway.testing;

import dev.slipway.build.CommitSha;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A component's source repository built commit by commit in a test: bare, on disk, with the
 * authors, co-author trailers and squash or merge subjects the test gives. Each commit changes a
 * file, so no two have the same tree.
 */
public final class TestingSourceRepository implements AutoCloseable {
  private final Path directory;
  private final Repository repository;
  private ObjectId head;
  private int counter;
  private Instant time = Instant.parse("2026-01-05T10:00:00Z");

  private TestingSourceRepository(Path directory, Repository repository) {
    this.directory = directory;
    this.repository = repository;
  }

  public static TestingSourceRepository create(Path directory) {
    try {
      Repository repository =
          new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
      repository.create(true);
      return new TestingSourceRepository(directory, repository);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** A commit on main by an author, committed by the same person. */
  public CommitSha commit(String name, String email, String message) {
    return write(name, email, message, head == null ? List.of() : List.of(head), true);
  }

  /**
   * A commit on a side branch off main's head, not yet on main, as a pull request's commit is;
   * {@link #merge} brings it in.
   */
  public CommitSha branchCommit(String name, String email, String message) {
    return write(name, email, message, head == null ? List.of() : List.of(head), false);
  }

  /** A merge commit on main of a side commit, committed by GitHub as a pull request merge is. */
  public CommitSha merge(CommitSha side, String name, String email, String message) {
    return write(name, email, message, List.of(head, ObjectId.fromString(side.value())), true);
  }

  /** Makes main point at an older commit, as a force-push would, and forgets nothing else. */
  public void resetMain(CommitSha commit) {
    head = ObjectId.fromString(commit.value());
    updateMain();
  }

  private CommitSha write(
      String name, String email, String message, List<ObjectId> parents, boolean onMain) {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      counter++;
      time = time.plusSeconds(60);
      ObjectId blob =
          inserter.insert(
              Constants.OBJ_BLOB, ("change " + counter + "\n").getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("CHANGES", FileMode.REGULAR_FILE, blob);
      ObjectId treeId = inserter.insert(tree);
      PersonIdent person = new PersonIdent(name, email, time, ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(treeId);
      commit.setParentIds(parents);
      commit.setAuthor(person);
      commit.setCommitter(person);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      if (onMain) {
        head = id;
        updateMain();
      }
      return CommitSha.of(id.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void updateMain() {
    try {
      RefUpdate update = repository.updateRef("refs/heads/main");
      update.setNewObjectId(head);
      update.setForceUpdate(true);
      update.update();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
