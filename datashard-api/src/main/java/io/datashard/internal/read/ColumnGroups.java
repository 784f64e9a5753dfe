package io.datashard.internal.read;

import io.datashard.internal.data.QueueHandoff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The rows of one data file as batches of Arrow vectors the caller owns, decoded by one or several
 * {@link Source}s, each over its own group of the file's columns. With several, each source runs
 * on its own thread (a reader decodes one group's columns one after another, so a file of a few
 * wide or string columns leaves cores idle), and the groups' batches are lined up by row, so rows
 * keep their file order. Batches of the groups normally have the same boundaries; where they do
 * not, the longer one is split without copying.
 *
 * <p>Each group thread keeps at most two decoded batches ahead of the consumer. {@link #close()}
 * stops the threads (each finishes the batch it is decoding), frees every batch not handed out and
 * closes the sources.
 */
final class ColumnGroups implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Object END = new Object();

  /** Decodes one group of columns, batch by batch, in file order. */
  interface Source extends AutoCloseable {
    /**
     * The next non-empty batch, its vectors keyed by file column name and owned by the caller, or
     * null at the end of the file.
     */
    Rows load() throws IOException;

    @Override
    void close();
  }

  /** The next aligned rows: each column's vector, by file column name; the caller owns them. */
  static final class Rows {
    final int count;
    final Map<String, FieldVector> vectors;

    Rows(int count, Map<String, FieldVector> vectors) {
      this.count = count;
      this.vectors = vectors;
    }

    void release() {
      vectors.values().forEach(FieldVector::close);
    }
  }

  private final BufferAllocator allocator;
  private final List<Group> groups = new ArrayList<>();
  private volatile boolean closed;

  /**
   * Starts decoding the groups: on threads of their own if there are several (the sources are
   * closed with this object, also if starting fails).
   */
  ColumnGroups(BufferAllocator allocator, List<Source> sources, String location) {
    this.allocator = allocator;
    for (Source s : sources) {
      groups.add(new Group(s));
    }
    try {
      if (groups.size() > 1) {
        for (Group g : groups) {
          g.start("datashard-decode-" + THREADS.incrementAndGet() + " " + location);
        }
      }
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Splits columns into at most {@code threads} groups, dealt out in turn. */
  static List<String[]> split(List<String> columns, int threads) {
    int k = Math.max(1, Math.min(threads, columns.size()));
    List<List<String>> lists = new ArrayList<>();
    for (int g = 0; g < k; g++) {
      lists.add(new ArrayList<>());
    }
    for (int c = 0; c < columns.size(); c++) {
      lists.get(c % k).add(columns.get(c));
    }
    List<String[]> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.add(l.toArray(new String[0]));
    }
    return out;
  }

  /** How many column groups are scanned (1: no extra thread). */
  int groupCount() {
    return groups.size();
  }

  /**
   * The next rows of every column, or null at the end of the file.
   *
   * @throws IllegalStateException if the groups disagree on the number of rows
   * @throws IOException or a runtime exception the native reader raised
   */
  Rows next() throws IOException {
    int n = Integer.MAX_VALUE;
    int ended = 0;
    for (Group g : groups) {
      if (!g.ensureCurrent()) {
        ended++;
      } else {
        n = Math.min(n, g.current.count - g.offset);
      }
    }
    if (ended == groups.size()) {
      return null;
    }
    if (ended > 0) {
      throw new IllegalStateException("the native reader's column groups ended at different rows");
    }
    Map<String, FieldVector> vectors = new HashMap<>();
    try {
      for (Group g : groups) {
        g.take(n, vectors);
      }
    } catch (RuntimeException e) {
      vectors.values().forEach(FieldVector::close);
      throw e;
    }
    return new Rows(n, vectors);
  }

  @Override
  public void close() {
    closed = true;
    RuntimeException failure = null;
    for (Group g : groups) {
      g.drain();
    }
    for (Group g : groups) {
      g.join();
    }
    for (Group g : groups) {
      g.drain(); // what a thread put after the first drain
      try {
        g.closeSource();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** One source's batches, read inline (one group) or by its own thread. */
  private final class Group implements Runnable {
    private final Source source;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private Thread thread;
    /** The batch being handed out, and how many of its rows already were. */
    private Rows current;
    private int offset;
    private boolean ended;

    Group(Source source) {
      this.source = source;
    }

    void start(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
      thread.start();
    }

    private Rows load() throws IOException {
      return source.load();
    }

    @Override
    public void run() {
      Object last = END;
      try {
        Rows r;
        while (!closed && (r = load()) != null) {
          if (!put(r)) {
            r.release();
            return;
          }
        }
      } catch (IOException | RuntimeException | Error e) {
        last = e;
      }
      put(last);
    }

    private boolean put(Object item) {
      return QueueHandoff.offer(queue, item, () -> closed);
    }

    /** Makes {@link #current} a batch with rows left; false at the end of the file. */
    boolean ensureCurrent() throws IOException {
      if (current != null && offset < current.count) {
        return true;
      }
      if (current != null) {
        current.release();
        current = null;
      }
      if (ended) {
        return false;
      }
      Object item = thread == null ? load() : takeFromThread();
      if (item == null || item == END) {
        ended = true;
        return false;
      }
      current = (Rows) item;
      offset = 0;
      return true;
    }

    private Object takeFromThread() throws IOException {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for the native reader", e);
      }
      if (item instanceof IOException) {
        throw (IOException) item;
      } else if (item instanceof RuntimeException) {
        throw (RuntimeException) item;
      } else if (item instanceof Error) {
        throw (Error) item;
      }
      return item;
    }

    /** Hands the next {@code n} rows of the current batch to {@code out}. */
    void take(int n, Map<String, FieldVector> out) {
      if (offset == 0 && n == current.count) {
        // The whole batch: its vectors themselves.
        out.putAll(current.vectors);
        current.vectors.clear();
      } else {
        for (Map.Entry<String, FieldVector> c : current.vectors.entrySet()) {
          TransferPair part = c.getValue().getTransferPair(allocator);
          part.splitAndTransfer(offset, n);
          out.put(c.getKey(), (FieldVector) part.getTo());
        }
      }
      offset += n;
    }

    /** Frees what is queued and the batch being handed out. */
    void drain() {
      Object item;
      while ((item = queue.poll()) != null) {
        if (item instanceof Rows) {
          ((Rows) item).release();
        }
      }
      if (current != null) { // only the consumer touches it
        current.release();
        current = null;
      }
    }

    /** Waits for the thread to stop: its scanner must not close under a native call. */
    void join() {
      boolean interrupted = false;
      while (thread != null && thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    void closeSource() {
      source.close();
    }
  }
}
