package io.datashard.internal.scan;

import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.QueueHandoff;
import io.datashard.internal.read.ColumnBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The batches of a list of files, read one file after another in the calling thread
 * (parallelism 1, file order kept) or by a few worker threads, one file per worker at a time
 * (batches of different files interleave). Memory stays bounded: workers hand batches over
 * through a queue of {@code 2 * parallelism} entries and wait while it is full, so at most about
 * {@code 3 * parallelism} batches (plus each worker's current row group) exist at once.
 * {@link #close()} stops the workers, closes their files and releases the batches not taken.
 */
final class BatchStream implements CloseableIterator<ColumnBatch> {
  private static final Object DONE = new Object();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final int fileCount;
  private final IntFunction<CloseableIterator<ColumnBatch>> opener;
  private final int parallelism;
  // Sequential mode
  private int nextFile;
  private CloseableIterator<ColumnBatch> current;
  // Parallel mode
  private final BlockingQueue<Object> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger claimed = new AtomicInteger();
  private volatile boolean closed;
  private int workersDone;
  private ColumnBatch next;

  /**
   * @param opener opens file i (0 <= i < fileCount); it may be called from worker threads
   */
  BatchStream(int fileCount, IntFunction<CloseableIterator<ColumnBatch>> opener, int parallelism) {
    this.fileCount = fileCount;
    this.opener = opener;
    this.parallelism = Math.max(1, Math.min(parallelism, fileCount));
    if (this.parallelism > 1) {
      this.queue = new ArrayBlockingQueue<>(2 * this.parallelism);
      for (int w = 0; w < this.parallelism; w++) {
        Thread t = new Thread(this::work, "datashard-scan-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        workers.add(t);
      }
      workers.forEach(Thread::start);
    } else {
      this.queue = null;
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    next = queue == null ? nextSequential() : nextParallel();
    if (next == null) {
      close();
    }
    return next != null;
  }

  @Override
  public ColumnBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more batches in this scan");
    }
    ColumnBatch b = next;
    next = null;
    return b;
  }

  private ColumnBatch nextSequential() {
    while (true) {
      if (current != null && current.hasNext()) {
        return current.next();
      }
      if (current != null) {
        current.close();
        current = null;
      }
      if (nextFile >= fileCount) {
        return null;
      }
      current = opener.apply(nextFile++);
    }
  }

  private ColumnBatch nextParallel() {
    while (workersDone < parallelism) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for scan batches", e);
      }
      if (item == DONE) {
        workersDone++;
      } else if (item instanceof Throwable) {
        close();
        Throwable t = (Throwable) item;
        if (t instanceof RuntimeException) {
          throw (RuntimeException) t;
        }
        throw (Error) t;
      } else {
        return (ColumnBatch) item;
      }
    }
    return null;
  }

  private void work() {
    Object last = DONE;
    try {
      int i;
      while (!closed && (i = claimed.getAndIncrement()) < fileCount) {
        try (CloseableIterator<ColumnBatch> it = opener.apply(i)) {
          while (!closed && it.hasNext()) {
            ColumnBatch batch = it.next();
            if (!hand(batch)) {
              batch.release();
              return;
            }
          }
        }
      }
    } catch (RuntimeException | Error e) {
      last = e;
    }
    hand(last);
  }

  /** Puts an item on the queue, waiting while it is full; false once the stream is closed. */
  private boolean hand(Object item) {
    return QueueHandoff.offer(queue, item, () -> closed);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (next != null) {
      next.release();
      next = null;
    }
    if (current != null) {
      current.close();
      current = null;
    }
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (queue != null) {
      // Workers have stopped: what is left in the queue will never be taken.
      for (Object item : queue) {
        if (item instanceof ColumnBatch) {
          ((ColumnBatch) item).release();
        }
      }
      queue.clear();
    }
  }
}
