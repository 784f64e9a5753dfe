package io.datashard.internal.table;

import io.datashard.internal.commit.Committer.CommitResult;
import io.datashard.internal.commit.PendingCommit;
import io.datashard.internal.metadata.SupersededMetadata;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-process state shared by every handle on one table (keyed by the table's location): a lock
 * that queues this process's own committers, the newest version any of them has seen, and the
 * newest version whose hint this process wrote.
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
  /** Set once this process warned that the table's cross-process commit lock is unusable. */
  final java.util.concurrent.atomic.AtomicBoolean processLockUnusableReported =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Queue<QueuedCommit> queued = new ConcurrentLinkedQueue<>();
  private static final int KNOWN_STUBS = 64;
  private final TreeMap<Integer, SupersededMetadata> knownStubs = new TreeMap<>();
  private final java.util.TreeSet<Integer> claimed = new java.util.TreeSet<>();
  private String claimedUuid;
  private volatile VersionedMetadata latest;
  private final Object hintLock = new Object();
  private String hintedUuid;
  private int hintedVersion;

  private SharedTableState() {}

  static SharedTableState of(String location) {
    return STATES.computeIfAbsent(location, l -> new SharedTableState());
  }

  ReentrantLock commitLock() {
    return commitLock;
  }

  /**
   * Remembers the stub of a version this process committed or read in full, so that stubbing it
   * later needs no read. Keeps the newest {@link #KNOWN_STUBS} versions.
   */
  void rememberStub(SupersededMetadata stub) {
    synchronized (knownStubs) {
      knownStubs.put(stub.version(), stub);
      while (knownStubs.size() > KNOWN_STUBS) {
        knownStubs.pollFirstEntry();
      }
    }
  }

  /**
   * True the first time this process asks to stub {@code version} of the table {@code
   * tableUuid}: every member of a group commit reports the same committed version, and only one
   * of them should write its stub.
   */
  boolean claimStub(int version, String tableUuid) {
    synchronized (knownStubs) {
      if (!tableUuid.equals(claimedUuid)) {
        claimedUuid = tableUuid; // a table dropped and created again starts over
        claimed.clear();
      }
      boolean first = claimed.add(version);
      while (claimed.size() > KNOWN_STUBS) {
        claimed.pollFirst();
      }
      return first; // (a version forgotten long ago may be stubbed twice: harmless, same bytes)
    }
  }

  /** The remembered stub of {@code version} of the table with {@code tableUuid}, or null. */
  SupersededMetadata knownStub(int version, String tableUuid) {
    synchronized (knownStubs) {
      SupersededMetadata s = knownStubs.get(version);
      return s != null && s.tableUuid().equals(tableUuid) ? s : null;
    }
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

  /**
   * The newer of {@code candidate} and the newest version of the same table (same uuid) seen in
   * this process.
   */
  VersionedMetadata newest(VersionedMetadata candidate) {
    VersionedMetadata l = latest;
    return l != null && l.version() > candidate.version() && sameTable(l, candidate)
        ? l : candidate;
  }

  /** False for a table dropped and created again at the same location (a new uuid). */
  private static boolean sameTable(VersionedMetadata a, VersionedMetadata b) {
    return a.metadata().tableUuid().equals(b.metadata().tableUuid());
  }

  /**
   * Runs {@code write} (the PUT of version {@code version}'s hint) unless this process already
   * wrote the hint of a newer version of the same table (same uuid: a dropped and re-created
   * table starts again at 1). Hint writes of one table are serialized in the process, so a slow
   * PUT of an older number can never land after a newer one from here.
   */
  void hintIfNewer(String tableUuid, int version, java.util.function.BooleanSupplier write) {
    synchronized (hintLock) {
      if (tableUuid.equals(hintedUuid) && version <= hintedVersion) {
        return;
      }
      if (write.getAsBoolean()) {
        hintedUuid = tableUuid;
        hintedVersion = version;
      }
    }
  }

  /** Records a version seen; keeps the highest (a re-created table starts over). */
  synchronized void saw(VersionedMetadata v) {
    if (latest == null || v.version() > latest.version() || !sameTable(latest, v)) {
      latest = v;
    }
  }
}
