package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.config.RepositoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare git repository in a folder, standing in for a manifests repository on a git host.
 * Files are given and read as text, written as UTF-8 bytes exactly as given (CRLF stays CRLF).
 */
public final class TestingGitRemote {
  /** Who commits as "someone else": the other writer of a shared manifests repository. */
  public static final PersonIdent SOMEONE_ELSE =
      new PersonIdent(
          "Release Bot",
          "release-bot@example.org",
          Instant.parse("2026-03-02T13:00:00Z"),
          ZoneOffset.UTC);

  private final Path directory;
  private final String branch;

  private TestingGitRemote(Path directory, String branch) {
    this.directory = directory;
    this.branch = branch;
  }

  /** A bare repository in {@code directory} whose {@code branch} holds the files in one commit. */
  public static TestingGitRemote create(Path directory, String branch, Map<String, String> files) {
    requireNonNull(files, "files is null");
    try {
      Git.init()
          .setBare(true)
          .setDirectory(directory.toFile())
          .setInitialBranch(branch)
          .call()
          .close();
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot make a bare repository in " + directory, e);
    }
    TestingGitRemote remote = new TestingGitRemote(directory, branch);
    remote.commit(SOMEONE_ELSE, "Add the manifests", files, Optional.empty());
    return remote;
  }

  public Path directory() {
    return directory;
  }

  public String branch() {
    return branch;
  }

  /** The repository as a local path, the simplest URL git accepts. */
  public String url() {
    return directory.toAbsolutePath().toString();
  }

  /** The repository as a {@code file://} URL. */
  public String fileUrl() {
    return directory.toAbsolutePath().toUri().toString();
  }

  /** A repository configuration for this remote, with Slipway's defaults. */
  public RepositoryConfig repositoryConfig(String name) {
    return repositoryConfig(name, url(), 5);
  }

  /** A repository configuration for this remote reached at another URL (over HTTP, SSH). */
  public RepositoryConfig repositoryConfig(String name, String url, int pushAttempts) {
    return new RepositoryConfig(
        name,
        url,
        branch,
        "x-access-token",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "Slipway",
        "slipway@example.org",
        pushAttempts);
  }

  /** The file at the head of the branch. */
  public String readFile(String path) {
    return findFile(path)
        .orElseThrow(() -> new AssertionError(path + " is not at the head of " + branch));
  }

  public Optional<String> findFile(String path) {
    return findFile(head(), path);
  }

  /** The file as a given commit has it. */
  public Optional<String> findFile(String commit, String path) {
    try (Repository repository = open();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit parsed = walk.parseCommit(ObjectId.fromString(commit));
      try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
        if (tree == null) {
          return Optional.empty();
        }
        return Optional.of(new String(repository.open(tree.getObjectId(0)).getBytes(), UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit id at the head of the branch. */
  public String head() {
    try (Repository repository = open()) {
      ObjectId head = repository.resolve(Constants.R_HEADS + branch);
      if (head == null) {
        throw new AssertionError("branch " + branch + " does not exist");
      }
      return head.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commits of the branch, newest first. */
  public List<RevCommit> commits() {
    try (Repository repository = open();
        RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(repository.resolve(Constants.R_HEADS + branch)));
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit commit : walk) {
        walk.parseBody(commit);
        commits.add(commit);
      }
      return commits;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The subjects of the branch's commits, newest first. */
  public List<String> subjects() {
    return commits().stream().map(RevCommit::getShortMessage).toList();
  }

  /** The full messages of the branch's commits, newest first. */
  public List<String> messages() {
    return commits().stream().map(RevCommit::getFullMessage).toList();
  }

  public int commitCount() {
    return commits().size();
  }

  /**
   * Commits a change on the branch as someone else would push it: new contents for the given files,
   * on top of the current head, with a compare-and-swap of the branch.
   *
   * @return the new commit's id
   */
  public String commitAsSomeoneElse(String subject, Map<String, String> files) {
    return commit(SOMEONE_ELSE, subject, files, Optional.of(head()));
  }

  private String commit(
      PersonIdent author, String subject, Map<String, String> files, Optional<String> parent) {
    try (Repository repository = open();
        ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(repository)) {
      DirCache index =
          parent.isPresent()
              ? DirCache.read(reader, walk.parseCommit(ObjectId.fromString(parent.get())).getTree())
              : DirCache.newInCore();
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, String> file : files.entrySet()) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8));
        editor.add(
            new DirCacheEditor.PathEdit(file.getKey()) {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
              }
            });
      }
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      parent.ifPresent(id -> commit.setParentId(ObjectId.fromString(id)));
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage(subject + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(parent.map(ObjectId::fromString).orElse(ObjectId.zeroId()));
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException(
            "cannot move " + branch + " to " + id.name() + ": " + result);
      }
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Repository open() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(directory.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }
}
