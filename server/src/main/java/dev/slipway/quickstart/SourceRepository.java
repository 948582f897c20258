package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A component's source repository, with a working tree a person can look around in. Changes are
 * committed the way a squash-merged pull request lands on GitHub: authored by the developer,
 * committed by GitHub, so every build names a real commit with a real author.
 */
final class SourceRepository {
  static final String BRANCH = "main";

  private static final String MERGER_NAME = "GitHub";
  private static final String MERGER_EMAIL = "noreply@github.com";

  /**
   * A change a developer merges: who, why, and the line it adds to one file. Adding rather than
   * writing keeps every merge a real change when a reused quickstart merges it once more.
   */
  record Change(Developer author, String subject, String file, String line) {
    Change {
      requireNonNull(author, "author is null");
      requireNonNull(subject, "subject is null");
      requireNonNull(file, "file is null");
      requireNonNull(line, "line is null");
    }
  }

  /** Someone whose commits land in the source repositories. */
  record Developer(String name, String email) {
    Developer {
      requireNonNull(name, "name is null");
      requireNonNull(email, "email is null");
    }
  }

  /** A commit as read back from the repository. */
  record Commit(String sha, String authorName, String subject) {
    Commit {
      requireNonNull(sha, "sha is null");
      requireNonNull(authorName, "authorName is null");
      requireNonNull(subject, "subject is null");
    }

    /** The first seven characters, as the image tags in the manifests name a commit. */
    String shortSha() {
      return sha.substring(0, 7);
    }
  }

  private final Path directory;
  private final Clock clock;

  private SourceRepository(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** Makes an empty repository with a {@code main} branch. */
  static SourceRepository create(Path directory, Clock clock) {
    try {
      Files.createDirectories(directory);
      Git.init().setDirectory(directory.toFile()).setInitialBranch(BRANCH).call().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the source repository " + directory, e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot make the source repository " + directory, e);
    }
    return new SourceRepository(directory, clock);
  }

  /** Opens a repository an earlier quickstart made. */
  static SourceRepository open(Path directory, Clock clock) {
    if (!Files.isDirectory(directory.resolve(".git"))) {
      throw new IllegalStateException(directory + " is not a git repository with a working tree");
    }
    return new SourceRepository(directory, clock);
  }

  Path directory() {
    return directory;
  }

  /** Adds the change's line to its file and commits it on {@code main}; returns the commit. */
  Commit merge(Change change) {
    Path file = directory.resolve(change.file());
    try (Git git = Git.open(directory.toFile())) {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, change.line() + "\n", UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      git.add().addFilepattern(change.file()).call();
      Instant now = clock.instant();
      ZoneId zone = ZoneId.systemDefault();
      RevCommit commit =
          git.commit()
              .setAuthor(
                  new PersonIdent(change.author().name(), change.author().email(), now, zone))
              .setCommitter(new PersonIdent(MERGER_NAME, MERGER_EMAIL, now, zone))
              .setMessage(change.subject() + "\n")
              .setSign(false)
              .setNoVerify(true)
              .call();
      return read(git.getRepository(), commit.getId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit to " + directory, e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot commit to " + directory, e);
    }
  }

  /** The commit at the head of {@code main}, if there is one. */
  Optional<Commit> head() {
    try (Git git = Git.open(directory.toFile())) {
      ObjectId head = git.getRepository().resolve(Constants.R_HEADS + BRANCH);
      return head == null ? Optional.empty() : Optional.of(read(git.getRepository(), head));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
  }

  private static Commit read(Repository repository, ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(id);
      return new Commit(
          commit.getName(), commit.getAuthorIdent().getName(), commit.getShortMessage());
    }
  }
}
