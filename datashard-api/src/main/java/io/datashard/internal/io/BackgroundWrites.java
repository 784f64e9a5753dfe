package io.datashard.internal.io;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads one warehouse uses to write in the background (DESIGN §9.7: parallelise independent
 * writes): the small data files, manifest and manifest list of a commit go up at once instead of
 * one after another, and version hints are written after the commit returned.
 *
 * <p>Bounded twice: at most {@code write.io.threads} threads (daemon, so they never keep a JVM
 * alive; idle ones exit), and at most twice that many writes submitted and not yet finished. A
 * submitter blocks while that many are pending, which bounds the memory held by buffered uploads.
 * {@link #close()} lets submitted work finish, then stops the threads; the warehouse calls it
 * before closing the storage backend.
 */
public final class BackgroundWrites implements AutoCloseable {
  /** Threads writing in the background for one warehouse. */
  public static final String THREADS = "write.io.threads";

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundWrites.class);
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final ThreadPoolExecutor executor;
  private final Semaphore slots;
  private final Object tasksDone = new Object();
  private int tasks;

  /** Background writes with {@code write.io.threads} threads (default 8). */
  public static BackgroundWrites from(DataShardConfig config) {
    return new BackgroundWrites((int) config.getLong(THREADS, 8, 1, 256));
  }

  public BackgroundWrites(int threads) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "datashard-io-" + pool + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
    this.slots = new Semaphore(threads * 2);
  }

  /**
   * Starts {@code work} on a background thread. Blocks while too many writes are pending.
   *
   * @param description what is written (a URI), for messages
   * @param onDiscard runs instead of {@code work} if the write is discarded before it started
   *     (e.g. aborting the stream it would have closed)
   * @throws DataShardException if interrupted while waiting for a free slot, or if the warehouse
   *     is closed; {@code onDiscard} has run then
   */
  public PendingWrite submit(String description, Runnable work, Runnable onDiscard) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      onDiscard.run();
      throw new DataShardException(
          "Interrupted while waiting to write " + description + "; nothing was written", e);
    }
    PendingWrite w = new PendingWrite(description, work, onDiscard, slots::release);
    try {
      executor.execute(w::run);
    } catch (RejectedExecutionException e) {
      w.discard();
      throw closed(description, e);
    }
    return w;
  }

  /**
   * Runs a short housekeeping task (stubbing a superseded metadata version) that no commit waits
   * for; {@link #awaitTasks()} and {@link #close()} wait for it.
   */
  public void runLater(String description, Runnable task) {
    synchronized (tasksDone) {
      tasks++;
    }
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          synchronized (tasksDone) {
            tasks--;
            tasksDone.notifyAll();
          }
        }
      });
    } catch (RejectedExecutionException e) {
      synchronized (tasksDone) {
        tasks--;
        tasksDone.notifyAll();
      }
      throw closed(description, e);
    }
  }

  /** Waits until every task of {@link #runLater} has finished. */
  public void awaitTasks() {
    synchronized (tasksDone) {
      while (tasks > 0) {
        try {
          tasksDone.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Runs a short background task (a version hint) that no caller waits for. */
  public void execute(String description, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      throw closed(description, e);
    }
  }

  private static DataShardException closed(String description, Exception e) {
    return new DataShardException("Cannot write " + description + ": the warehouse was closed."
        + " Open a new Warehouse to keep writing", e);
  }

  /** Lets submitted writes finish (waiting up to a minute), then stops the threads. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Background writes still running after {} s at close; interrupting them"
            + " (what they leave is unreferenced; removeOrphanFiles collects it)",
            CLOSE_WAIT_SECONDS);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
