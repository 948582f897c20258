package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH server on loopback (Apache MINA sshd, which JGit's SSH client is built on) that runs
 * {@code git-upload-pack} and {@code git-receive-pack} for a {@link TestingGitRemote} with JGit, as
 * a git host does. It accepts one client key, which it writes with a known-hosts file naming its
 * own host key, so a test configures a repository exactly as an operator would.
 */
public final class TestingGitSshServer implements AutoCloseable {
  private static final Pattern COMMAND =
      Pattern.compile("(git-upload-pack|git-receive-pack) '?/?manifests\\.git'?");

  private final TestingGitRemote remote;
  private final SshServer server;
  private final Path clientKey;
  private final Path knownHosts;
  private final AtomicInteger commands = new AtomicInteger();

  private TestingGitSshServer(TestingGitRemote remote, Path folder)
      throws IOException, GeneralSecurityException {
    this.remote = remote;
    KeyPair hostKey = newKeyPair();
    KeyPair client = newKeyPair();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            user.equals("git") && KeyUtils.compareKeys(key, client.getPublic()));
    server.setCommandFactory((channel, command) -> new GitCommand(command));
    server.start();
    Files.createDirectories(folder);
    clientKey = folder.resolve("id_ecdsa");
    try (OutputStream out = Files.newOutputStream(clientKey)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "slipway@test", null, out);
    }
    knownHosts = folder.resolve("known_hosts");
    Files.writeString(knownHosts, hostLine(hostKey), UTF_8);
  }

  /** Serves the remote at {@link #url()}; keys and known hosts are written into {@code folder}. */
  public static TestingGitSshServer start(TestingGitRemote remote, Path folder) {
    try {
      return new TestingGitSshServer(remote, folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make SSH keys", e);
    }
  }

  public String url() {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/manifests.git";
  }

  /** The private key the server accepts, in OpenSSH format. */
  public Path clientKey() {
    return clientKey;
  }

  /** A known-hosts file with this server's host key. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** A known-hosts line for this server's address with a key that is not its own. */
  public String impostorHostLine() {
    try {
      return hostLine(newKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Git commands the server ran, so a test can tell a refused connection from a refused push. */
  public int commandsRun() {
    return commands.get();
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String hostLine(KeyPair key) {
    return "[127.0.0.1]:"
        + server.getPort()
        + " "
        + PublicKeyEntry.toString(key.getPublic())
        + "\n";
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** One {@code git-upload-pack} or {@code git-receive-pack} run over an SSH channel. */
  private final class GitCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
      Matcher matcher = COMMAND.matcher(command);
      if (!matcher.matches()) {
        exit.onExit(127, "unknown command: " + command);
        return;
      }
      commands.incrementAndGet();
      Thread thread =
          new Thread(
              () -> {
                int status = 0;
                try (Repository repository = remote.open()) {
                  if (matcher.group(1).equals("git-upload-pack")) {
                    try (UploadPack upload = new UploadPack(repository)) {
                      upload.upload(in, out, err);
                    }
                  } else {
                    new ReceivePack(repository).receive(in, out, err);
                  }
                  out.flush();
                } catch (IOException e) {
                  status = 1;
                }
                exit.onExit(status);
              },
              "git-ssh-" + matcher.group(1));
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
