package io.datashard.internal.table;

import io.datashard.internal.commit.Committer.CommitResult;
import io.datashard.internal.commit.PendingCommit;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-process state shared by every handle on one table (keyed by the table's location): a lock
 * that queues this process's own committers, and the newest version any of them has seen.
 *
 * <p>Threads that find the lock taken queue their change; the next lock holder commits every
 * queued change in one metadata version ({@link io.datashard.internal.commit.CommitGroup}), so
 * eight waiting writers cost one conditional create instead of eight in a row.
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
  private final Queue<QueuedCommit> queued = new ConcurrentLinkedQueue<>();
  private volatile VersionedMetadata latest;

  private SharedTableState() {}

  static SharedTableState of(String location) {
    return STATES.computeIfAbsent(location, l -> new SharedTableState());
  }

  ReentrantLock commitLock() {
    return commitLock;
  }

  /** Queues a change for the next committer holding the lock (group commit). */
  QueuedCommit enqueue(PendingCommit change) {
    QueuedCommit q = new QueuedCommit(change);
    queued.add(q);
    return q;
  }

  /**
   * Takes up to {@code max} queued changes, oldest first. Only the lock holder calls this, and it
   * completes every change it took before releasing the lock.
   */
  List<QueuedCommit> drain(int max) {
    List<QueuedCommit> out = new ArrayList<>();
    QueuedCommit q;
    while (out.size() < max && (q = queued.poll()) != null) {
      out.add(q);
    }
    return out;
  }

  /** A change waiting to be committed by whichever thread next holds the commit lock. */
  static final class QueuedCommit {
    final PendingCommit change;
    final CompletableFuture<CommitResult> result = new CompletableFuture<>();

    QueuedCommit(PendingCommit change) {
      this.change = change;
    }
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
