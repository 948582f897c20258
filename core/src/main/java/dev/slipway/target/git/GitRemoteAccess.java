package dev.slipway.target.git;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.RepositoryConfig;
import dev.slipway.config.Secrets;
import dev.slipway.error.SlipwayException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * How Slipway authenticates to one repository's remote. Local paths and {@code file://} need
 * nothing; HTTP(S) sends the configured user name with a token read from an environment variable or
 * a file; SSH uses JGit's Apache MINA client with the configured key and known-hosts file, set on
 * each transport rather than as JGit's global default, so two repositories can use different keys.
 * Secrets are read when a transport first needs them, at deploy time, never when the configuration
 * is loaded. A relative {@code tokenFile}, {@code sshKeyFile} or {@code knownHostsFile} is relative
 * to the configuration file's folder; {@code ~/} stands for the home folder. Change sets use it
 * too, to fetch a component's source from a repository configured under {@code repositories}.
 */
public final class GitRemoteAccess {
  private final RepositoryConfig repository;
  private final Secrets secrets;
  private final Path baseDirectory;

  public GitRemoteAccess(RepositoryConfig repository, Secrets secrets, Path baseDirectory) {
    this.repository = requireNonNull(repository, "repository is null");
    this.secrets = requireNonNull(secrets, "secrets is null");
    this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
  }

  /**
   * The URL without a password or token it might carry, for messages and logs: an HTTP(S) URL loses
   * its user part, which can hold a token on its own ({@code https://<token>@github.com/..}); an
   * SSH URL keeps its user ({@code git@}) unless a password follows it.
   */
  public static String displayUrl(String url) {
    try {
      URIish uri = new URIish(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean http = scheme.equals("http") || scheme.equals("https");
      if (uri.getPass() == null && !(http && uri.getUser() != null)) {
        return url;
      }
      return uri.setPass(null).setUser(null).toString();
    } catch (URISyntaxException e) {
      return url;
    }
  }

  public URIish uri() {
    try {
      return new URIish(repository.url());
    } catch (URISyntaxException e) {
      throw SlipwayException.invalid(
          "url",
          "url '%s' of repository %s is not a git URL: %s",
          displayUrl(repository.url()),
          repository.name(),
          e.getMessage());
    }
  }

  /** Credentials for the transports of one operation; closing it ends any SSH connections. */
  public Session open() {
    return new Session();
  }

  /**
   * Reads the secrets a transport needs when JGit has chosen it for the URL (so an scp-like {@code
   * git@host:path} is SSH exactly when JGit says so), and keeps them for the rest of the operation.
   */
  public final class Session implements AutoCloseable {
    private boolean tokenRead;
    private CredentialsProvider credentials;
    private SshdSessionFactory ssh;

    private Session() {}

    /** A missing secret is a terminal error naming the variable or file. */
    public void configure(Transport transport) {
      if (transport instanceof SshTransport sshTransport) {
        if (ssh == null) {
          ssh = sshSessionFactory();
        }
        sshTransport.setSshSessionFactory(ssh);
      } else if (transport instanceof HttpTransport) {
        if (!tokenRead) {
          credentials = token().map(GitRemoteAccess.this::credentials).orElse(null);
          tokenRead = true;
        }
        if (credentials != null) {
          transport.setCredentialsProvider(credentials);
        }
      }
    }

    @Override
    public void close() {
      if (ssh != null) {
        ssh.close();
      }
    }
  }

  private CredentialsProvider credentials(String token) {
    return new UsernamePasswordCredentialsProvider(repository.username(), token);
  }

  private Optional<String> token() {
    if (repository.tokenEnv().isPresent()) {
      String variable = repository.tokenEnv().get();
      return Optional.of(
          secrets
              .environmentVariable(variable)
              .orElseThrow(
                  () ->
                      SlipwayException.invalid(
                          "tokenEnv",
                          "environment variable %s, named by tokenEnv of repository %s, is not"
                              + " set or is empty",
                          variable,
                          repository.name())));
    }
    if (repository.tokenFile().isPresent()) {
      Path file = resolve(repository.tokenFile().get());
      String token;
      try {
        token = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw SlipwayException.invalid(
            "tokenFile",
            "token file %s, named by tokenFile of repository %s, cannot be read: %s",
            file,
            repository.name(),
            e.toString());
      }
      if (token.isEmpty()) {
        throw SlipwayException.invalid(
            "tokenFile",
            "token file %s, named by tokenFile of repository %s, is empty",
            file,
            repository.name());
      }
      return Optional.of(token);
    }
    return Optional.empty();
  }

  private SshdSessionFactory sshSessionFactory() {
    File home = FS.DETECTED.userHome();
    SshdSessionFactoryBuilder builder =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(home)
            .setSshDirectory(new File(home, ".ssh"))
            .setPreferredAuthentications("publickey");
    if (repository.sshKeyFile().isPresent()) {
      Path key = readable(repository.sshKeyFile().get(), "sshKeyFile", "SSH key file");
      builder.setDefaultIdentities(sshDirectory -> List.of(key));
    }
    if (repository.knownHostsFile().isPresent()) {
      Path knownHosts =
          readable(repository.knownHostsFile().get(), "knownHostsFile", "known-hosts file");
      builder.setDefaultKnownHostsFiles(sshDirectory -> List.of(knownHosts));
    }
    return builder.build(null);
  }

  private Path readable(String name, String setting, String what) {
    Path file = resolve(name);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw SlipwayException.invalid(
          setting,
          "%s %s, named by %s of repository %s, does not exist or cannot be read",
          what,
          file,
          setting,
          repository.name());
    }
    return file;
  }

  /** A relative file is relative to the configuration file's folder; {@code ~/} is the home. */
  private Path resolve(String name) {
    if (name.equals("~") || name.startsWith("~/")) {
      return FS.DETECTED.userHome().toPath().resolve(name.substring(Math.min(2, name.length())));
    }
    return baseDirectory.resolve(name).normalize();
  }
}
