package io.datashard.internal.table;

import io.datashard.exceptions.DataShardException;
import io.datashard.internal.io.BackgroundWrites;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes version hints in the background for one warehouse (DESIGN §4 step 4: the hint is best
 * effort, readers probe forward from it). A commit only queues its version; per table at most one
 * background write is in flight, and requests that arrive meanwhile coalesce, so only the newest
 * version is written and a burst of commits costs one or two hint PUTs. Across every warehouse of
 * the process, a table's hint never goes back to an older number ({@link SharedTableState}). A
 * failure is logged, never thrown. {@link #awaitAll()} (at warehouse close) and {@link
 * #await(String)} (before a drop) wait until the queued hints are written.
 */
public final class VersionHints {
  private static final Logger LOG = LoggerFactory.getLogger(VersionHints.class);

  private final BackgroundWrites writes;
  private final ConcurrentHashMap<String, TableHint> tables = new ConcurrentHashMap<>();

  public VersionHints(BackgroundWrites writes) {
    this.writes = writes;
  }

  /** The warehouse's background writes. */
  public BackgroundWrites writes() {
    return writes;
  }

  void request(TableOperations ops, int version, String tableUuid) {
    tables.computeIfAbsent(ops.name(), n -> new TableHint()).request(ops, version, tableUuid);
  }

  /** Waits until the queued hint of table {@code name} (if any) is written or failed. */
  public void await(String name) {
    TableHint h = tables.get(name);
    if (h != null) {
      h.awaitIdle();
    }
  }

  /** Waits until every queued hint is written or failed. */
  public void awaitAll() {
    for (TableHint h : tables.values()) {
      h.awaitIdle();
    }
  }

  /** The hint of one table: the newest version asked for, and whether a write is under way. */
  private final class TableHint {
    private TableOperations ops;
    private String uuid;
    private int version;
    private boolean dirty;
    private boolean running;

    synchronized void request(TableOperations ops, int version, String tableUuid) {
      if (uuid != null && uuid.equals(tableUuid) && version <= this.version) {
        return; // a newer version of this table is already queued or written
      }
      this.ops = ops;
      this.uuid = tableUuid;
      this.version = version;
      dirty = true;
      if (running) {
        return; // the write under way picks it up when it is done
      }
      running = true;
      try {
        writes.execute("the version hint of table '" + ops.name() + "'", this::drain);
      } catch (DataShardException e) {
        running = false;
        dirty = false;
        notifyAll();
        LOG.warn("Version hint {} of table '{}' not written (readers will probe forward): {}",
            version, ops.name(), e.getMessage());
      }
    }

    private void drain() {
      boolean idle = false;
      try {
        while (true) {
          TableOperations o;
          String u;
          int v;
          synchronized (this) {
            if (!dirty) {
              // Cleared under the same lock a request takes, so none is left unwritten.
              running = false;
              idle = true;
              notifyAll();
              return;
            }
            dirty = false;
            o = ops;
            u = uuid;
            v = version;
          }
          try {
            SharedTableState.of(o.location()).hintIfNewer(u, v, () -> o.putHint(v));
          } catch (RuntimeException e) {
            LOG.warn("Version hint {} of table '{}' not written (readers will probe forward)",
                v, o.name(), e);
          }
        }
      } finally {
        if (!idle) { // an Error escaped: let later requests start a new write
          synchronized (this) {
            running = false;
            notifyAll();
          }
        }
      }
    }

    /** Waits while a write is under way; an interrupt ends the wait and is kept. */
    synchronized void awaitIdle() {
      while (running) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
