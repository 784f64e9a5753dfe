package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static io.datashard.it.Fixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.StorageException;
import io.datashard.storage.local.LocalStorageBackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: threads of one process that queue behind the per-JVM commit lock are committed
 * together by the next lock holder, in one metadata version, each with its own snapshot.
 *
 * <p>The group is formed deterministically: the first writer's commit point (v3) is held until
 * the other writers are parked waiting for the lock inside {@code BaseTable.commit}, i.e. queued.
 */
class GroupCommitTest {
  private static final String V3 = "events/metadata/v3.metadata.json";
  private static final String V4 = "events/metadata/v4.metadata.json";
  private static final int FOLLOWERS = 5;

  @TempDir Path root;
  FaultInjectingBackend faulty;
  Warehouse wh;
  Warehouse clean;
  Table table;
  ExecutorService pool;
  final List<Thread> followerThreads = new ArrayList<>();

  @BeforeEach
  void open() {
    DataShardConfig config = DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.COMMIT_BACKOFF_MIN_MS, "1")
        .set(DataShardConfig.COMMIT_BACKOFF_MAX_MS, "2")
        .build();
    faulty = new FaultInjectingBackend(new LocalStorageBackendFactory().create(config));
    wh = Warehouse.of(faulty, config);
    clean = Fixtures.warehouse(root);
    table = wh.createTable("events", EVENTS);
    table.appendRecords(events(0, 3));
    pool = Executors.newFixedThreadPool(FOLLOWERS + 1, r -> {
      Thread t = new Thread(r);
      synchronized (followerThreads) {
        followerThreads.add(t);
      }
      return t;
    });
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    wh.close();
    clean.close();
  }

  /** Holds the first commit point until every follower is parked on the commit lock. */
  private boolean holdUntilFollowersQueued(FaultInjectingBackend.RealPut real) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (queuedFollowers() < FOLLOWERS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("followers never queued: " + queuedFollowers());
      }
      Thread.onSpinWait();
    }
    return real.put();
  }

  private int queuedFollowers() {
    int n = 0;
    synchronized (followerThreads) {
      for (Thread t : followerThreads) {
        if (t.getState() == Thread.State.WAITING && inCommit(t)) {
          n++;
        }
      }
    }
    return n;
  }

  private static boolean inCommit(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().endsWith("internal.table.BaseTable") && e.getMethodName().equals("commit")) {
        return true;
      }
    }
    return false;
  }

  /** Starts the leader (rows 100..101), waits until it is at v3, then the followers. */
  private List<Future<Snapshot>> runLeaderAndFollowers(CountDownLatch leaderAtV3)
      throws InterruptedException {
    List<Future<Snapshot>> out = new ArrayList<>();
    out.add(pool.submit(() -> table.appendRecords(events(100, 2))));
    assertTrue(leaderAtV3.await(60, TimeUnit.SECONDS));
    for (int i = 0; i < FOLLOWERS; i++) {
      long first = 1_000L * (i + 1);
      int count = i + 1;
      // Each follower uses its own handle, as separate components of one service would.
      out.add(pool.submit(() -> wh.loadTable("events").appendRecords(events(first, count))));
    }
    return out;
  }

  @Test
  void queuedWritersAreCommittedTogetherInOneVersionEachWithItsOwnSnapshot() throws Exception {
    CountDownLatch leaderAtV3 = new CountDownLatch(1);
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      leaderAtV3.countDown();
      return holdUntilFollowersQueued(real);
    });
    List<Future<Snapshot>> futures = runLeaderAndFollowers(leaderAtV3);
    List<Snapshot> results = new ArrayList<>();
    for (Future<Snapshot> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }

    // v3 holds the leader's commit alone; v4 holds all five queued ones; nothing else.
    Path metadata = root.resolve("events/metadata");
    assertTrue(Files.exists(metadata.resolve("v4.metadata.json")));
    assertFalse(Files.exists(metadata.resolve("v5.metadata.json")));
    Table fresh = clean.loadTable("events");
    assertEquals(3 + 2 + (1 + 2 + 3 + 4 + 5), fresh.scan().toRecords().size());
    assertEquals(2 + FOLLOWERS, fresh.snapshots().size()); // first append, leader, followers

    Snapshot leader = results.get(0);
    assertEquals(2, leader.sequenceNumber());
    Set<Long> followerSequences = new HashSet<>();
    for (int i = 1; i <= FOLLOWERS; i++) {
      Snapshot s = results.get(i);
      Snapshot stored = fresh.snapshot(s.snapshotId());
      assertEquals(s.commitId(), stored.commitId());
      assertEquals(String.valueOf(i), stored.summary().get("added-records"),
          "each snapshot counts only its own writer's rows");
      followerSequences.add(s.sequenceNumber());
    }
    assertEquals(Set.of(3L, 4L, 5L, 6L, 7L), followerSequences);

    // The snapshots form one chain from the leader's to the current one.
    List<Snapshot> all = fresh.snapshots();
    for (int i = 1; i < all.size(); i++) {
      assertEquals(all.get(i - 1).snapshotId(), all.get(i).parentId());
    }
    assertEquals(fresh.currentSnapshot(), all.get(all.size() - 1));
    Set<String> ids = all.stream().map(Snapshot::commitId).collect(Collectors.toSet());
    assertEquals(all.size(), ids.size(), "every commit id exactly once");
    String v4 = Files.readString(metadata.resolve("v4.metadata.json"));
    assertEquals(1, v4.split("v3.metadata.json", -1).length - 1,
        "the metadata-log names the replaced file once, not once per grouped snapshot");
  }

  @Test
  void aGroupThatLosesTheRaceToAnotherProcessRebasesAsAWhole() throws Exception {
    CountDownLatch leaderAtV3 = new CountDownLatch(1);
    AtomicBoolean raced = new AtomicBoolean();
    try (Warehouse otherProcess = Warehouse.of(new LocalStorageBackendFactory().create(
        DataShardConfig.builder().localRoot(root).build()),
        DataShardConfig.builder().localRoot(root).set("commit.jvm.lock", "false").build())) {
      Table foreign = otherProcess.loadTable("events");
      faulty.onPutIfAbsent(k -> k.equals(V3) || k.equals(V4), (key, content, real) -> {
        if (key.equals(V3)) {
          leaderAtV3.countDown();
          return holdUntilFollowersQueued(real);
        }
        if (raced.compareAndSet(false, true)) {
          foreign.refresh().appendRecords(events(9_000, 7)); // takes v4 first
        }
        return real.put();
      });
      List<Future<Snapshot>> futures = runLeaderAndFollowers(leaderAtV3);
      for (Future<Snapshot> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    Path metadata = root.resolve("events/metadata");
    assertTrue(Files.exists(metadata.resolve("v5.metadata.json")));
    assertFalse(Files.exists(metadata.resolve("v6.metadata.json")));
    Table fresh = clean.loadTable("events");
    assertEquals(3 + 2 + 7 + 15, fresh.scan().toRecords().size());
    List<Snapshot> all = fresh.snapshots();
    assertEquals(3 + FOLLOWERS, all.size()); // first append, leader, foreign, followers
    assertEquals(all.size(), all.stream().map(Snapshot::commitId).distinct().count());
    // Nothing of the lost attempt is left referenced: every snapshot's rows are its own.
    for (Snapshot s : all) {
      assertEquals(s.summary().get("added-records"),
          String.valueOf(fresh.scan().useSnapshot(s.snapshotId()).toRecords().size()
              - (s.parentId() == null ? 0
                  : fresh.scan().useSnapshot(s.parentId()).toRecords().size())));
    }
  }

  @Test
  void aGroupWhoseWriteLandedButWasNotAcknowledgedIsNotRepeated() throws Exception {
    CountDownLatch leaderAtV3 = new CountDownLatch(1);
    AtomicBoolean lost = new AtomicBoolean();
    faulty.onPutIfAbsent(k -> k.equals(V3) || k.equals(V4), (key, content, real) -> {
      if (key.equals(V3)) {
        leaderAtV3.countDown();
        return holdUntilFollowersQueued(real);
      }
      boolean created = real.put();
      if (lost.compareAndSet(false, true)) {
        throw new StorageException("response lost", new IOException("read timed out"));
      }
      return created;
    });
    List<Future<Snapshot>> futures = runLeaderAndFollowers(leaderAtV3);
    for (Future<Snapshot> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertFalse(Files.exists(root.resolve("events/metadata/v5.metadata.json")));
    Table fresh = clean.loadTable("events");
    assertEquals(3 + 2 + 15, fresh.scan().toRecords().size());
    assertEquals(2 + FOLLOWERS, fresh.snapshots().size());
  }

  @Test
  void anUnknownGroupOutcomeNamesEachWritersOwnCommitId() throws Exception {
    CountDownLatch leaderAtV3 = new CountDownLatch(1);
    faulty.onPutIfAbsent(k -> k.equals(V3) || k.equals(V4), (key, content, real) -> {
      if (key.equals(V3)) {
        leaderAtV3.countDown();
        return holdUntilFollowersQueued(real);
      }
      real.put();
      faulty.failReadsOf(V4::equals);
      throw new StorageException("response lost", new IOException("read timed out"));
    });
    List<Future<Snapshot>> futures = runLeaderAndFollowers(leaderAtV3);
    futures.get(0).get(60, TimeUnit.SECONDS);
    Set<String> named = new HashSet<>();
    for (Future<Snapshot> f : futures.subList(1, futures.size())) {
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
      CommitStateUnknownException unknown =
          assertInstanceOf(CommitStateUnknownException.class, e.getCause());
      assertTrue(unknown.getMessage().startsWith("Commit " + unknown.commitId() + " to table"
          + " 'events' was committed together with 4 other commit(s) of this process and its"
          + " outcome is unknown: look for datashard.commit-id=" + unknown.commitId()),
          unknown.getMessage());
      named.add(unknown.commitId());
    }
    assertEquals(FOLLOWERS, named.size(), "each writer is told its own commit id");
    faulty.clear();
    // The write did land: every follower's commit is there exactly once.
    Table fresh = clean.loadTable("events");
    Set<String> ids = fresh.snapshots().stream().map(Snapshot::commitId)
        .collect(Collectors.toSet());
    assertTrue(ids.containsAll(named));
    assertNull(fresh.snapshots().stream().filter(s -> s.commitId() == null).findAny()
        .orElse(null));
  }
}
