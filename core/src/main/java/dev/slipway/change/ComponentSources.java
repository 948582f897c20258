package dev.slipway.change;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ComponentConfig;
import dev.slipway.config.RepositoryConfig;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.git.GitRemoteAccess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * The source repositories of the configured components, from which change sets are read.
 *
 * <p>A component's {@code repository} is the name of an entry under {@code repositories} (its URL
 * and credentials are used), a URL, or a local path. A URL, {@code file://} included, is mirrored:
 * a bare copy under {@code <data dir>/sources/<component>.git}, made on first use and fetched only
 * when a commit asked for is not in it. A local path is read in place: a repository on the same
 * disk is as quick to read as a mirror would be, and a copy could only lag behind it.
 *
 * <p>Each component's repository is opened once and shared by every caller; its fetches are
 * serialised by a lock of its own, so callers that miss the same commit at the same time wait for
 * one fetch instead of starting one each.
 */
public final class ComponentSources implements AutoCloseable {
  private static final String SOURCES = "sources";

  /** Repository entry names are folder names of clones; a name outside this is a URL or path. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final SlipwayConfig config;
  private final Path dataDirectory;
  private final Secrets secrets;
  private final Map<ComponentName, ComponentSource> sources = new ConcurrentHashMap<>();

  public ComponentSources(SlipwayConfig config, Path dataDirectory, Secrets secrets) {
    this.config = requireNonNull(config, "config is null");
    this.dataDirectory =
        requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath().normalize();
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  /** Where a component's mirror is kept when its repository is a URL. */
  public Path mirrorDirectory(ComponentName component) {
    return dataDirectory.resolve(SOURCES).resolve(component.value() + ".git");
  }

  /**
   * The component's repository, holding every one of the commits: when one is missing from a mirror
   * the mirror is fetched, once.
   *
   * @throws MissingCommitException when a commit is not there even after the fetch
   * @throws SlipwayException of category {@code EXTERNAL} when the fetch fails, {@code USER} when
   *     the component has no repository or its repository is not usable
   */
  Repository repositoryWith(ComponentName component, Collection<ObjectId> commits) {
    ComponentSource source = source(component);
    Repository repository = source.open();
    List<ObjectId> missing = missing(repository, commits);
    if (!missing.isEmpty() && source.fetches()) {
      missing = source.fetchUnlessPresent(() -> missing(repository, commits));
    }
    if (!missing.isEmpty()) {
      throw new MissingCommitException(
          component, CommitSha.of(missing.get(0).name()), source.display(), source.fetches());
    }
    return repository;
  }

  /** How many times the component's mirror was fetched since Slipway started. */
  int fetchCount(ComponentName component) {
    ComponentSource source = sources.get(component);
    return source == null ? 0 : source.fetchCount();
  }

  private ComponentSource source(ComponentName component) {
    ComponentSource source = sources.get(component);
    if (source != null) {
      return source;
    }
    ComponentSource made = newSource(config.getComponent(component));
    ComponentSource raced = sources.putIfAbsent(component, made);
    return raced == null ? made : raced;
  }

  private ComponentSource newSource(ComponentConfig component) {
    String configured =
        component
            .repository()
            .orElseThrow(
                () ->
                    SlipwayException.invalid(
                        "repository",
                        "component %s has no repository (components.%s.repository), so its"
                            + " change sets cannot be read",
                        component.name(),
                        component.name()));
    Optional<RepositoryConfig> named =
        NAME.matcher(configured).matches()
            ? Optional.ofNullable(config.repositories().get(configured))
            : Optional.empty();
    RepositoryConfig repository = named.orElseGet(() -> anonymous(component, configured));
    if (isLocalPath(repository.url())) {
      return new LocalSource(component.name(), localPath(repository.url()));
    }
    return new MirrorSource(
        component.name(),
        mirrorDirectory(component.name()),
        repository.url(),
        new GitRemoteAccess(repository, secrets, configDirectory()));
  }

  /** A URL given directly: fetched with no token, over SSH with the user's own keys. */
  private static RepositoryConfig anonymous(ComponentConfig component, String url) {
    return new RepositoryConfig(
        "of component " + component.name(),
        url,
        "main",
        "x-access-token",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "Slipway",
        "slipway@localhost",
        1);
  }

  private static boolean isLocalPath(String url) {
    try {
      URIish uri = new URIish(url);
      return uri.getScheme() == null && uri.getHost() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private Path localPath(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return FS.DETECTED.userHome().toPath().resolve(path.substring(Math.min(2, path.length())));
    }
    return configDirectory().resolve(path).normalize();
  }

  private Path configDirectory() {
    Path parent = config.source().toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  private static List<ObjectId> missing(Repository repository, Collection<ObjectId> commits) {
    List<ObjectId> missing = new ArrayList<>();
    try {
      for (ObjectId commit : commits) {
        if (!repository.getObjectDatabase().has(commit)) {
          missing.add(commit);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + repository.getDirectory(), e);
    }
    return missing;
  }

  @Override
  public void close() {
    sources.values().forEach(ComponentSource::close);
    sources.clear();
  }

  /** A local path, read where it is. */
  private static final class LocalSource extends ComponentSource {
    private final Path path;

    LocalSource(ComponentName component, Path path) {
      super(component);
      this.path = path;
    }

    @Override
    String display() {
      return path.toString();
    }

    @Override
    boolean fetches() {
      return false;
    }

    @Override
    Repository create() throws IOException {
      File gitDir = RepositoryCache.FileKey.resolve(path.toFile(), FS.DETECTED);
      if (gitDir == null) {
        throw SlipwayException.invalid(
            "repository",
            "repository %s of component %s is not a git repository",
            path,
            component());
      }
      return new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    }

    @Override
    void fetch(Repository repository) {
      throw new IllegalStateException("a local repository is read in place, never fetched");
    }
  }
}
