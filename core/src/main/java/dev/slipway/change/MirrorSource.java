package dev.slipway.change;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.git.GitRemoteAccess;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FileUtils;

/**
 * A bare mirror of a component's remote repository: every branch and tag, fetched into refs of the
 * same name, with deleted branches removed. Objects a force-push left unreachable stay until git
 * collects them, so a build of a rewritten commit that the mirror saw still has a change set. A
 * mirror is made in a temporary folder and moved into place in one step, so a crash leaves either
 * no mirror or a whole one; a folder in its place that is not a mirror of the same URL is made
 * again.
 */
final class MirrorSource extends ComponentSource {
  private static final String PARTIAL = ".partial-";
  private static final List<RefSpec> MIRRORED =
      List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

  private final Path directory;
  private final String url;
  private final GitRemoteAccess access;

  MirrorSource(ComponentName component, Path directory, String url, GitRemoteAccess access) {
    super(component);
    this.directory = requireNonNull(directory, "directory is null");
    this.url = requireNonNull(url, "url is null");
    this.access = requireNonNull(access, "access is null");
  }

  @Override
  String display() {
    return GitRemoteAccess.displayUrl(url);
  }

  @Override
  boolean fetches() {
    return true;
  }

  @Override
  Repository create() throws IOException {
    Path parent = directory.getParent();
    Files.createDirectories(parent);
    removeLeftovers(parent);
    if (Files.exists(directory)) {
      if (usable()) {
        return build();
      }
      FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    }
    Path partial = Files.createTempDirectory(parent, directory.getFileName() + PARTIAL);
    try (Git git = Git.init().setBare(true).setDirectory(partial.toFile()).call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "url", url);
      config.setBoolean(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "mirror", true);
      config.save();
    } catch (GitAPIException e) {
      FileUtils.delete(partial.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      throw new IOException("cannot make a repository in " + partial + ": " + e.getMessage(), e);
    }
    Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
    return build();
  }

  @Override
  void fetch(Repository repository) {
    try (GitRemoteAccess.Session session = access.open();
        Transport transport = Transport.open(repository, access.uri())) {
      transport.setTagOpt(TagOpt.NO_TAGS);
      transport.setRemoveDeletedRefs(true);
      session.configure(transport);
      transport.fetch(NullProgressMonitor.INSTANCE, MIRRORED);
    } catch (NotSupportedException e) {
      throw SlipwayException.invalid(
          "repository",
          "repository %s of component %s is not a supported git URL: %s",
          display(),
          component(),
          e.getMessage());
    } catch (TransportException e) {
      throw SlipwayException.external(
          String.format(
              "fetch of repository %s for component %s failed: %s",
              display(), component(), e.getMessage()),
          e);
    }
  }

  private Repository build() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(directory.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }

  private boolean usable() {
    if (!RepositoryCache.FileKey.isGitRepository(directory.toFile(), FS.DETECTED)) {
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

  /** Temporary folders of mirrors interrupted by a crash. */
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
