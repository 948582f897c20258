package dev.slipway.change;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One component's repository, opened on first use and then shared: JGit's {@link Repository} may be
 * read by many threads at once, each with its own walk.
 */
abstract class ComponentSource {
  private final ComponentName component;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Repository repository;
  private final AtomicInteger fetchCount = new AtomicInteger();

  ComponentSource(ComponentName component) {
    this.component = requireNonNull(component, "component is null");
  }

  final ComponentName component() {
    return component;
  }

  /** The URL or path, for messages; never a token. */
  abstract String display();

  /** Whether a missing commit can be fetched; a local repository is read as it is. */
  abstract boolean fetches();

  /** Opens the repository, making it first when it is a mirror not yet made. */
  abstract Repository create() throws IOException;

  /** Brings the repository up to date with its remote. */
  abstract void fetch(Repository repository);

  final Repository open() {
    Repository opened = repository;
    if (opened != null) {
      return opened;
    }
    lock.lock();
    try {
      if (repository == null) {
        repository = create();
      }
      return repository;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the repository of component " + component + " (" + display() + ")", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fetches unless the commits arrived while this caller waited for another caller's fetch.
   *
   * @param missing the commits still missing, asked again once the lock is held
   * @return the commits missing after the fetch
   */
  final List<ObjectId> fetchUnlessPresent(Supplier<List<ObjectId>> missing) {
    lock.lock();
    try {
      List<ObjectId> before = missing.get();
      if (before.isEmpty()) {
        return before;
      }
      fetchCount.incrementAndGet();
      fetch(open());
      return missing.get();
    } finally {
      lock.unlock();
    }
  }

  final int fetchCount() {
    return fetchCount.get();
  }

  final void close() {
    lock.lock();
    try {
      if (repository != null) {
        repository.close();
        repository = null;
      }
    } finally {
      lock.unlock();
    }
  }
}
