package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The manifests repository: a bare repository standing in for the one on a git host, whose {@code
 * helmfile/overrides/<environment>.env} files name the image tag every app runs, one line per app
 * (GC Notify's {@code API_DOCKER_TAG: "f3d0498"}). Slipway deploys by committing to it; the
 * simulated fleet follows it.
 */
final class ManifestsRepository {
  static final String BRANCH = "main";

  /** A commit of the manifests history as {@code git log} shows it. */
  record Entry(String sha, String author, String subject, String body) {
    Entry {
      requireNonNull(sha, "sha is null");
      requireNonNull(author, "author is null");
      requireNonNull(subject, "subject is null");
      requireNonNull(body, "body is null");
    }

    String shortSha() {
      return sha.substring(0, 7);
    }
  }

  private final Path directory;

  private ManifestsRepository(Path directory) {
    this.directory = directory;
  }

  /**
   * Makes the bare repository with one commit holding an overrides file per environment, each
   * naming the given image tags.
   *
   * @param tags per component, the tag every environment starts with
   */
  static ManifestsRepository create(
      Path directory, Map<String, String> tags, PersonIdent author, Instant when) {
    try {
      Files.createDirectories(directory);
      Git.init()
          .setBare(true)
          .setDirectory(directory.toFile())
          .setInitialBranch(BRANCH)
          .call()
          .close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the manifests repository " + directory, e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot make the manifests repository " + directory, e);
    }
    ManifestsRepository manifests = new ManifestsRepository(directory);
    SortedMap<String, String> files = new TreeMap<>();
    for (String environment : QuickstartFolder.ENVIRONMENTS) {
      files.put(QuickstartFolder.manifestsFile(environment), overrides(environment, tags));
    }
    manifests.commitFirst(
        files,
        new PersonIdent(author.getName(), author.getEmailAddress(), when, ZoneId.systemDefault()),
        "Add the helmfile overrides of staging and production");
    return manifests;
  }

  /** Opens the repository an earlier quickstart made. */
  static ManifestsRepository open(Path directory) {
    ManifestsRepository manifests = new ManifestsRepository(directory);
    try (Repository repository = manifests.repository()) {
      if (repository.resolve(Constants.R_HEADS + BRANCH) == null) {
        throw new IllegalStateException(directory + " has no branch " + BRANCH);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the manifests repository " + directory, e);
    }
    return manifests;
  }

  Path directory() {
    return directory;
  }

  /** The commit at the head of {@code main}. */
  String head() {
    try (Repository repository = repository()) {
      return repository.resolve(Constants.R_HEADS + BRANCH).name();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
  }

  /** The commits of {@code main} made after {@code since}, newest first. */
  List<Entry> logSince(String since) {
    try (Repository repository = repository();
        RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(repository.resolve(Constants.R_HEADS + BRANCH)));
      walk.markUninteresting(walk.parseCommit(ObjectId.fromString(since)));
      List<Entry> entries = new ArrayList<>();
      for (RevCommit commit : walk) {
        PersonIdent author = commit.getAuthorIdent();
        entries.add(
            new Entry(
                commit.getName(),
                author.getName() + " <" + author.getEmailAddress() + ">",
                commit.getShortMessage(),
                body(commit.getFullMessage())));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the history of " + directory, e);
    }
  }

  /** A file as the head of {@code main} has it. */
  Optional<String> file(String path) {
    try (Repository repository = repository();
        RevWalk walk = new RevWalk(repository);
        TreeWalk tree =
            TreeWalk.forPath(
                repository,
                path,
                walk.parseCommit(repository.resolve(Constants.R_HEADS + BRANCH)).getTree())) {
      if (tree == null) {
        return Optional.empty();
      }
      return Optional.of(new String(repository.open(tree.getObjectId(0)).getBytes(), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " in " + directory, e);
    }
  }

  /** An overrides file as the seed team writes them: comments, settings, one tag per app. */
  static String overrides(String environment, Map<String, String> tags) {
    String domain =
        environment.equals("production") ? "notify.example" : environment + ".notify.example";
    return "# Helmfile overrides for "
        + environment
        + ": the values the charts are deployed with there.\n"
        + "# Each *_DOCKER_TAG names the image an app runs: the first 7 characters of its commit.\n"
        + "# Slipway changes those lines, one commit per deploy; the rest stays as written.\n"
        + "\n"
        + "ENVIRONMENT: \""
        + environment
        + "\"\n"
        + "BASE_DOMAIN: \""
        + domain
        + "\"\n"
        + "\n"
        + "# notification-api; the celery workers run the same image\n"
        + "API_DOCKER_TAG: \""
        + tags.get("api")
        + "\"\n"
        + "\n"
        + "# notification-admin\n"
        + "ADMIN_DOCKER_TAG: \""
        + tags.get("admin")
        + "\"\n";
  }

  private void commitFirst(Map<String, String> files, PersonIdent author, String subject) {
    try (Repository repository = repository();
        ObjectInserter inserter = repository.newObjectInserter()) {
      DirCache index = DirCache.newInCore();
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
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage(subject + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + BRANCH);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW) {
        throw new IllegalStateException(
            "cannot start " + BRANCH + " of " + directory + ": " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit to " + directory, e);
    }
  }

  private static String body(String message) {
    int blank = message.indexOf("\n\n");
    return blank < 0 ? "" : message.substring(blank + 2).strip();
  }

  private Repository repository() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(directory.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }
}
