package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A real bare git repository standing in for a component's source repository on a git host, where
 * people push commits with given authors, co-authors and subjects, merge pull requests, and
 * force-push. Each commit is one minute after the previous one, so the history has a stable order.
 */
public final class TestingSourceRepository {
  public static final PersonIdent ALICE = person("Alice Martin", "alice@example.org");
  public static final PersonIdent BOB = person("Bob Tremblay", "bob@example.org");
  public static final PersonIdent CAROL = person("Carol Singh", "carol@example.org");

  /** The committer of squash and merge commits made on GitHub's web page. */
  public static final PersonIdent GITHUB = person("GitHub", "noreply@github.com");

  private static final Instant FIRST_COMMIT = Instant.parse("2026-03-02T10:00:00Z");

  private final Path directory;
  private final String branch;
  private Instant time = FIRST_COMMIT;

  private TestingSourceRepository(Path directory, String branch) {
    this.directory = directory;
    this.branch = branch;
  }

  /** An empty bare repository in {@code directory} whose default branch is {@code main}. */
  public static TestingSourceRepository create(Path directory) {
    try {
      Git.init()
          .setBare(true)
          .setDirectory(directory.toFile())
          .setInitialBranch("main")
          .call()
          .close();
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot make a bare repository in " + directory, e);
    }
    return new TestingSourceRepository(directory, "main");
  }

  /** Someone with a name and an email, committing at whatever time the commit is made. */
  public static PersonIdent person(String name, String email) {
    return new PersonIdent(name, email, FIRST_COMMIT, ZoneOffset.UTC);
  }

  public Path directory() {
    return directory;
  }

  /** The repository as a local path. */
  public String path() {
    return directory.toAbsolutePath().toString();
  }

  /** The repository as a {@code file://} URL. */
  public String fileUrl() {
    return directory.toAbsolutePath().toUri().toString();
  }

  /** A commit on {@code main} by the given author, which is also its committer. */
  public NewCommit commit(PersonIdent author, String message) {
    return new NewCommit(author, message);
  }

  /** The commit id at the head of a branch. */
  public String head(String branchName) {
    try (Repository repository = open()) {
      ObjectId head = repository.resolve(Constants.R_HEADS + branchName);
      if (head == null) {
        throw new AssertionError("branch " + branchName + " does not exist");
      }
      return head.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String head() {
    return head(branch);
  }

  /** Makes a branch at a commit. */
  public void branch(String name, String commit) {
    moveBranch(name, commit, true);
  }

  /**
   * Merges {@code branchName} into {@code main} as GitHub's "merge pull request" button does: a
   * merge commit whose first parent is main's head and whose second is the branch's head.
   */
  public String merge(String branchName, PersonIdent author, String message) {
    try (Repository repository = open();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit ours = walk.parseCommit(repository.resolve(Constants.R_HEADS + branch));
      RevCommit theirs = walk.parseCommit(repository.resolve(Constants.R_HEADS + branchName));
      ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repository, true);
      if (!merger.merge(ours, theirs)) {
        throw new IllegalStateException("cannot merge " + branchName + " into " + branch);
      }
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        String id =
            write(
                inserter, merger.getResultTreeId(), List.of(ours, theirs), author, GITHUB, message);
        moveBranch(repository, branch, ObjectId.fromString(id), false);
        return id;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Force-pushes {@code main} to a commit that need not descend from its head, and lets the host
   * collect the commits no branch reaches any more, as a git host does some time after a
   * force-push: they can no longer be fetched.
   */
  public void forcePush(String commit) {
    moveBranch(branch, commit, true);
    try (Git git = Git.wrap(open())) {
      git.gc().setExpire(Instant.now().plus(Duration.ofDays(1))).setPreserveOldPacks(false).call();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("cannot collect garbage in " + directory, e);
    }
  }

  /**
   * Rewrites the head commit of {@code main} with a new message (an amend) and force-pushes it.
   *
   * @return the new head
   */
  public String amendHead(String message) {
    try (Repository repository = open();
        RevWalk walk = new RevWalk(repository);
        ObjectInserter inserter = repository.newObjectInserter()) {
      RevCommit head = walk.parseCommit(repository.resolve(Constants.R_HEADS + branch));
      String id =
          write(
              inserter,
              head.getTree(),
              List.of(head.getParents()),
              head.getAuthorIdent(),
              head.getCommitterIdent(),
              message);
      forcePush(id);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A commit being described; {@link #push()} makes it and moves its branch. */
  public final class NewCommit {
    private final PersonIdent author;
    private final String message;
    private PersonIdent committer;
    private String onBranch = branch;
    private final Map<String, String> files = new LinkedHashMap<>();

    private NewCommit(PersonIdent author, String message) {
      this.author = requireNonNull(author, "author is null");
      this.message = requireNonNull(message, "message is null");
      this.committer = author;
    }

    /** Committed by someone else, as GitHub commits a squash merge. */
    public NewCommit committedBy(PersonIdent person) {
      this.committer = requireNonNull(person, "person is null");
      return this;
    }

    /** On another branch, which must exist. */
    public NewCommit on(String branchName) {
      this.onBranch = requireNonNull(branchName, "branchName is null");
      return this;
    }

    /** Changes these files; without any, a file named after the commit's time is added. */
    public NewCommit touching(String... paths) {
      for (String path : paths) {
        files.put(path, "");
      }
      return this;
    }

    /** Makes the commit on top of its branch's head (or as the first commit) and moves it. */
    public String push() {
      try (Repository repository = open();
          ObjectInserter inserter = repository.newObjectInserter();
          ObjectReader reader = repository.newObjectReader();
          RevWalk walk = new RevWalk(repository)) {
        ObjectId parent = repository.resolve(Constants.R_HEADS + onBranch);
        DirCache index =
            parent == null
                ? DirCache.newInCore()
                : DirCache.read(reader, walk.parseCommit(parent).getTree());
        Instant at = time.plusSeconds(60);
        Map<String, String> changed = new LinkedHashMap<>(files);
        if (changed.isEmpty()) {
          changed.put("changes/" + at.getEpochSecond() + ".txt", "");
        }
        DirCacheEditor editor = index.editor();
        for (String path : changed.keySet()) {
          ObjectId blob =
              inserter.insert(Constants.OBJ_BLOB, (message + "\n" + at + "\n").getBytes(UTF_8));
          editor.add(
              new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                  entry.setFileMode(FileMode.REGULAR_FILE);
                  entry.setObjectId(blob);
                }
              });
        }
        editor.finish();
        List<RevCommit> parents = new ArrayList<>();
        if (parent != null) {
          parents.add(walk.parseCommit(parent));
        }
        String id = write(inserter, index.writeTree(inserter), parents, author, committer, message);
        moveBranch(repository, onBranch, ObjectId.fromString(id), false);
        return id;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private String write(
      ObjectInserter inserter,
      ObjectId tree,
      List<RevCommit> parents,
      PersonIdent author,
      PersonIdent committer,
      String message)
      throws IOException {
    time = time.plusSeconds(60);
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(parents);
    commit.setAuthor(new PersonIdent(author, time, ZoneOffset.UTC));
    commit.setCommitter(new PersonIdent(committer, time, ZoneOffset.UTC));
    commit.setMessage(message.endsWith("\n") ? message : message + "\n");
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return id.name();
  }

  private void moveBranch(String name, String commit, boolean force) {
    try (Repository repository = open()) {
      moveBranch(repository, name, ObjectId.fromString(commit), force);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void moveBranch(Repository repository, String name, ObjectId id, boolean force)
      throws IOException {
    RefUpdate update = repository.updateRef(Constants.R_HEADS + name);
    update.setNewObjectId(id);
    update.setForceUpdate(force);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {}
      default ->
          throw new IllegalStateException(
              "cannot move " + name + " to " + id.name() + ": " + result);
    }
  }

  private Repository open() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(directory.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }
}
