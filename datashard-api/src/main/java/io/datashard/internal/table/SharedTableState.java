package io.datashard.internal.table;

import io.datashard.internal.table.TableOperations.VersionedMetadata;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-process state shared by every handle on one table (keyed by the table's location): a lock
 * that queues this process's own committers, and the newest version any of them has seen.
 *
 * <p>The lock only reduces contention between threads of one JVM (they would otherwise race each
 * other for the same version and retry); it never decides who wins. Safety comes from the
 * conditional create of the next version, which other processes and machines race for as usual
 * (DESIGN §9.1).
 */
final class SharedTableState {
  private static final ConcurrentHashMap<String, SharedTableState> STATES =
      new ConcurrentHashMap<>();

  private final ReentrantLock commitLock = new ReentrantLock();
  private volatile VersionedMetadata latest;

  private SharedTableState() {}

  static SharedTableState of(String location) {
    return STATES.computeIfAbsent(location, l -> new SharedTableState());
  }

  ReentrantLock commitLock() {
    return commitLock;
  }

  /** The newer of {@code candidate} and the newest version seen in this process. */
  VersionedMetadata newest(VersionedMetadata candidate) {
    VersionedMetadata l = latest;
    return l != null && l.version() > candidate.version() ? l : candidate;
  }

  /** Records a version seen; keeps the highest. */
  synchronized void saw(VersionedMetadata v) {
    if (latest == null || v.version() > latest.version()) {
      latest = v;
    }
  }
}
