package dev.slipway.target.git;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FileUtils;

/**
 * Slipway's own bare clone of a remote repository. It has no working tree: files are read from and
 * written to git objects directly, so no checkout, line-ending conversion or leftover edit can
 * change what is committed. A clone is made in a temporary folder and moved into place in one step,
 * so a crash leaves either no clone or a whole one; a folder in its place that is not a bare
 * repository of the configured URL is removed and the clone made again.
 */
final class LocalClone {
  private static final String PARTIAL = ".partial-";

  private final Path directory;
  private final String url;
  private final String branch;

  LocalClone(Path directory, String url, String branch) {
    this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    this.url = requireNonNull(url, "url is null");
    this.branch = requireNonNull(branch, "branch is null");
  }

  Path directory() {
    return directory;
  }

  /** The local ref the remote branch is fetched into. */
  String trackingRef() {
    return "refs/remotes/origin/" + branch;
  }

  /**
   * Opens the clone, making it first when there is none or the one there is unusable.
   *
   * @param noted told what was done when the clone had to be made, for the operation's log
   */
  Repository open(Consumer<String> noted) throws IOException {
    Path parent = directory.getParent();
    Files.createDirectories(parent);
    removeLeftovers(parent);
    if (Files.exists(directory)) {
      if (usable()) {
        return build();
      }
      noted.accept(
          "the clone in " + directory + " is incomplete or of another repository; making it again");
      FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    } else {
      noted.accept("making a clone of " + GitRemoteAccess.displayUrl(url) + " in " + directory);
    }
    Path partial = Files.createTempDirectory(parent, directory.getFileName() + PARTIAL);
    try (Git git =
        Git.init().setBare(true).setDirectory(partial.toFile()).setInitialBranch(branch).call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "url", url);
      config.setString(
          ConfigConstants.CONFIG_REMOTE_SECTION,
          "origin",
          "fetch",
          "+refs/heads/" + branch + ":" + trackingRef());
      config.save();
    } catch (GitAPIException e) {
      FileUtils.delete(partial.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      throw new IOException("cannot make a repository in " + partial + ": " + e.getMessage(), e);
    }
    Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
    return build();
  }

  private Repository build() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(directory.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }

  private boolean usable() throws IOException {
    File gitDir = directory.toFile();
    if (!RepositoryCache.FileKey.isGitRepository(gitDir, FS.DETECTED)) {
      return false;
    }
    try (Repository repository = build()) {
      return repository.isBare()
          && url.equals(
              repository
                  .getConfig()
                  .getString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "url"));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Temporary folders of clones interrupted by a crash. */
  private void removeLeftovers(Path parent) throws IOException {
    List<Path> leftovers = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(parent, directory.getFileName() + PARTIAL + "*")) {
      entries.forEach(leftovers::add);
    }
    for (Path leftover : leftovers) {
      FileUtils.delete(leftover.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    }
  }
}
