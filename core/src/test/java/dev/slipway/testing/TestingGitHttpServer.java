package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real git server speaking the smart HTTP protocol on loopback, for a {@link TestingGitRemote}:
 * JGit's own {@link UploadPack} and {@link ReceivePack} behind the JDK's HTTP server, which is what
 * JGit's {@code GitServlet} does inside a servlet container. Every request needs HTTP Basic
 * authentication with the given user name and token, as a private repository on a git host does. A
 * pre-receive hook can refuse pushes with a message, as a protected branch does, and the answer to
 * a push can be held back after its ref updates took effect, as when a connection stalls after the
 * git host accepted the push.
 */
public final class TestingGitHttpServer implements AutoCloseable {
  private static final String REPOSITORY_PATH = "/manifests.git";
  private static final Pattern SERVICE = Pattern.compile("(?:^|&)service=([^&]*)");

  /** The longest a held answer waits for {@link #releaseAnswers()}, so no thread hangs forever. */
  private static final Duration LONGEST_HOLD = Duration.ofMinutes(1);

  private final TestingGitRemote remote;
  private final String expectedAuthorization;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final AtomicInteger pushes = new AtomicInteger();
  private volatile String refusal;
  private int holdFrom = Integer.MAX_VALUE;
  private CountDownLatch held = new CountDownLatch(1);

  private TestingGitHttpServer(TestingGitRemote remote, String username, String token)
      throws IOException {
    this.remote = remote;
    this.expectedAuthorization =
        "Basic " + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(UTF_8));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(REPOSITORY_PATH + "/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Serves the remote at {@link #url()}, accepting only this user name and token. */
  public static TestingGitHttpServer start(TestingGitRemote remote, String username, String token) {
    try {
      return new TestingGitHttpServer(remote, username, token);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a git HTTP server", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + REPOSITORY_PATH;
  }

  /** From now on every ref update is refused with this message, as a pre-receive hook would. */
  public void refusePushes(String message) {
    refusal = message;
  }

  public void acceptPushes() {
    refusal = null;
  }

  /**
   * From the push numbered {@code push} on (counting every push received since the start, from 1),
   * the push takes effect on the repository but its answer is held back until {@link
   * #releaseAnswers()}: the client cannot tell whether its push went through.
   */
  public synchronized void holdAnswersFrom(int push) {
    holdFrom = push;
  }

  /** Sends every held answer and holds no more. */
  public synchronized void releaseAnswers() {
    holdFrom = Integer.MAX_VALUE;
    held.countDown();
    held = new CountDownLatch(1);
  }

  /** What the answer to a push waits for, or null when it is not held. */
  private synchronized CountDownLatch hold(int push) {
    return push >= holdFrom ? held : null;
  }

  /** Requests answered 401 because they lacked the right credentials. */
  public int unauthorizedRequests() {
    return unauthorized.get();
  }

  /** Pushes that reached the receive-pack service, accepted or refused. */
  public int pushesReceived() {
    return pushes.get();
  }

  @Override
  public void close() {
    releaseAnswers();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        unauthorized.incrementAndGet();
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"manifests\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath().substring(REPOSITORY_PATH.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("/info/refs")) {
        advertise(exchange, service(exchange.getRequestURI().getQuery()));
      } else if (method.equals("POST") && path.equals("/git-upload-pack")) {
        respond(exchange, "git-upload-pack");
      } else if (method.equals("POST") && path.equals("/git-receive-pack")) {
        CountDownLatch release = hold(pushes.incrementAndGet());
        if (release != null) {
          receiveAndHoldAnswer(exchange, release);
        } else {
          respond(exchange, "git-receive-pack");
        }
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private static String service(String query) {
    if (query != null) {
      Matcher matcher = SERVICE.matcher(query);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return "";
  }

  private void advertise(HttpExchange exchange, String service) throws IOException {
    if (!service.equals("git-upload-pack") && !service.equals("git-receive-pack")) {
      exchange.sendResponseHeaders(403, -1);
      return;
    }
    exchange
        .getResponseHeaders()
        .set("Content-Type", "application/x-" + service + "-advertisement");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream body = exchange.getResponseBody();
        Repository repository = remote.open()) {
      PacketLineOut out = new PacketLineOut(body);
      out.writeString("# service=" + service + "\n");
      out.end();
      PacketLineOutRefAdvertiser advertiser = new PacketLineOutRefAdvertiser(out);
      if (service.equals("git-upload-pack")) {
        try (UploadPack upload = new UploadPack(repository)) {
          upload.setBiDirectionalPipe(false);
          upload.sendAdvertisedRefs(advertiser);
        }
      } else {
        ReceivePack receive = receivePack(repository);
        receive.sendAdvertisedRefs(advertiser);
      }
    }
  }

  private void respond(HttpExchange exchange, String service) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-" + service + "-result");
    exchange.sendResponseHeaders(200, 0);
    InputStream request = exchange.getRequestBody();
    if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      request = new GZIPInputStream(request);
    }
    try (InputStream in = request;
        OutputStream out = exchange.getResponseBody();
        Repository repository = remote.open()) {
      if (service.equals("git-upload-pack")) {
        try (UploadPack upload = new UploadPack(repository)) {
          upload.setBiDirectionalPipe(false);
          upload.upload(in, out, null);
        }
      } else {
        receivePack(repository).receive(in, out, null);
      }
    }
  }

  /** Applies a push at once but answers only when released: the answer is buffered meanwhile. */
  private void receiveAndHoldAnswer(HttpExchange exchange, CountDownLatch release)
      throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    InputStream request = exchange.getRequestBody();
    if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      request = new GZIPInputStream(request);
    }
    try (InputStream in = request;
        Repository repository = remote.open()) {
      receivePack(repository).receive(in, answer, null);
    }
    try {
      if (!release.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-git-receive-pack-result");
    exchange.sendResponseHeaders(200, answer.size());
    try (OutputStream out = exchange.getResponseBody()) {
      answer.writeTo(out);
    }
  }

  private ReceivePack receivePack(Repository repository) {
    ReceivePack receive = new ReceivePack(repository);
    receive.setBiDirectionalPipe(false);
    receive.setPreReceiveHook(
        (pack, commands) -> {
          String message = refusal;
          if (message != null) {
            pack.sendMessage("branch " + remote.branch() + " is protected");
            for (ReceiveCommand command : commands) {
              command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, message);
            }
          }
        });
    return receive;
  }
}
