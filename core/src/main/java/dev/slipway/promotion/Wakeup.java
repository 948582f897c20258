package dev.slipway.promotion;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The signal that there is new work for the scheduler: a request stored, a promotion ended. It is
 * what makes a promotion start within milliseconds of the event instead of at the next poll.
 */
public final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private boolean pending;

  public void signal() {
    lock.lock();
    try {
      pending = true;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until signalled or until the timeout passes; a signal given meanwhile is not lost. */
  public void await(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (!pending && nanos > 0) {
        nanos = signalled.awaitNanos(nanos);
      }
      pending = false;
    } finally {
      lock.unlock();
    }
  }

  /** Waits a bounded time, for callers without interruption handling of their own. */
  boolean awaitQuietly(Duration timeout) {
    try {
      await(timeout);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static long millis(Duration duration) {
    return TimeUnit.NANOSECONDS.toMillis(duration.toNanos());
  }
}
