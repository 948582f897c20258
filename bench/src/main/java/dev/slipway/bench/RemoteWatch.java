package dev.slipway.bench;

import dev.slipway.target.git.GitRepositoryDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Watches the branch of a bare repository from a thread of its own, noting the moment each new head
 * is first seen: when a push became visible to anyone reading the remote. The branch is read every
 * {@link #POLL}, which bounds how late a push can be noticed.
 */
final class RemoteWatch implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(1);

  private final Repository watched;
  private final Repository reader;
  private final String ref;
  private final Map<ObjectId, Long> firstSeen = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private RemoteWatch(Path bareRepository, String branch) throws IOException {
    this.watched = open(bareRepository);
    this.reader = open(bareRepository);
    this.ref = Constants.R_HEADS + branch;
    firstSeen.put(readHead(), System.nanoTime());
    this.thread = new Thread(this::loop, "remote-watch");
    thread.setDaemon(true);
    thread.start();
  }

  static RemoteWatch start(Path bareRepository, String branch) {
    try {
      return new RemoteWatch(bareRepository, branch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + bareRepository, e);
    }
  }

  private static Repository open(Path directory) throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(directory.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }

  private ObjectId readHead() throws IOException {
    Ref current = watched.getRefDatabase().exactRef(ref);
    if (current == null || current.getObjectId() == null) {
      throw new IOException(ref + " does not exist");
    }
    return current.getObjectId();
  }

  private void loop() {
    long pause = POLL.toNanos();
    while (running) {
      try {
        firstSeen.putIfAbsent(readHead(), System.nanoTime());
      } catch (IOException e) {
        // A ref being rewritten can be unreadable for an instant; the next read sees it.
      }
      LockSupport.parkNanos(pause);
    }
  }

  /**
   * Waits until a head made by an operation (its {@code Slipway-Operation} trailer) has been seen
   * and returns the {@link System#nanoTime()} at which it was first seen.
   */
  long awaitOperation(String operation, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<ObjectId> checked = new HashSet<>();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<ObjectId, Long> seen : firstSeen.entrySet()) {
        if (checked.add(seen.getKey()) && madeBy(seen.getKey(), operation)) {
          return seen.getValue();
        }
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new TimeoutException("no commit of " + operation + " reached the remote in " + timeout);
  }

  private boolean madeBy(ObjectId commit, String operation) {
    try (RevWalk walk = new RevWalk(reader)) {
      RevCommit parsed = walk.parseCommit(commit);
      return parsed.getFooterLines(GitRepositoryDeployer.TRAILER).contains(operation);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read commit " + commit.name(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watched.close();
    reader.close();
  }
}
