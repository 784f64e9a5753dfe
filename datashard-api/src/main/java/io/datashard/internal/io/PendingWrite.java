package io.datashard.internal.io;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One write running (or queued) on {@link BackgroundWrites}. The owner either {@link #await}s it
 * before relying on the object, or {@link #discard}s it: a write that has not started yet never
 * starts (its discard action runs instead, e.g. aborting the stream), and one already running is
 * waited for, so that after {@code discard} nothing of it is still in flight and whatever landed
 * can be deleted safely.
 */
public final class PendingWrite {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DISCARDED = 2;

  private final String description;
  private final Runnable work;
  private final Runnable onDiscard;
  private final Runnable release;
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Throwable failure;

  PendingWrite(String description, Runnable work, Runnable onDiscard, Runnable release) {
    this.description = description;
    this.work = work;
    this.onDiscard = onDiscard;
    this.release = release;
  }

  /** What is being written (a URI), for messages. */
  public String description() {
    return description;
  }

  /** Runs the write on a background thread, unless it was discarded first. */
  void run() {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return;
    }
    try {
      work.run();
    } catch (Throwable t) {
      failure = t;
    } finally {
      finish();
    }
  }

  private void finish() {
    release.run();
    done.countDown();
  }

  /**
   * Waits until the write finished and rethrows its failure as it was thrown (a {@link
   * io.datashard.exceptions.StorageException} naming the object, not a wrapper).
   *
   * @throws InterruptedException if interrupted while waiting (the write goes on; discard it)
   */
  public void await() throws InterruptedException {
    done.await();
    Throwable t = failure;
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new IllegalStateException("Writing " + description + " failed: " + t, t);
    }
    if (state.get() == DISCARDED) {
      throw new IllegalStateException("The write of " + description + " was discarded");
    }
  }

  /** Waits for each write in order; the first failure is thrown at once. */
  public static void awaitAll(List<PendingWrite> writes) throws InterruptedException {
    for (PendingWrite w : writes) {
      w.await();
    }
  }

  /**
   * Makes sure nothing of this write is in flight: cancels it if it has not started, otherwise
   * waits for it to end (uninterruptibly, keeping the interrupt status, because deleting what it
   * wrote before it ended would leave the object behind).
   */
  public void discard() {
    if (state.compareAndSet(QUEUED, DISCARDED)) {
      try {
        onDiscard.run();
      } finally {
        finish();
      }
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #discard()} for each. */
  public static void discardAll(List<PendingWrite> writes) {
    for (PendingWrite w : writes) {
      w.discard();
    }
  }

  @Override
  public String toString() {
    return "PendingWrite[" + description + ", " + new String[] {"queued", "running", "discarded"}
        [state.get()] + (done.getCount() == 0 ? ", done" : "") + "]";
  }
}
