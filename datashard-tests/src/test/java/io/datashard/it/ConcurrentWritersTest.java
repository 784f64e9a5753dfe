package io.datashard.it;

import io.datashard.testing.TableAssertions;
import static io.datashard.it.Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many writers, one table: every commit lands exactly once and no row is lost or doubled. */
class ConcurrentWritersTest {
  private static final int ROWS = 10;

  @TempDir Path root;

  /**
   * 8 threads x 50 appends, each thread with its own handle. With the JVM lock off the threads
   * race at the commit point exactly like separate processes do. The assertion checks every
   * commit id among the snapshots, so the metadata must keep them all: history.max-snapshots=0.
   */
  @ParameterizedTest(name = "commit.jvm.lock={0}")
  @ValueSource(strings = {"true", "false"})
  void eightThreadsFiftyAppendsEach(String jvmLock) throws Exception {
    int threads = 8;
    int commits = 50;
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set("commit.jvm.lock", jvmLock).set(DataShardConfig.HISTORY_MAX_SNAPSHOTS, "0").build())) {
      wh.createTable("events", EVENTS);
      List<String> acknowledged = appendConcurrently(wh, threads, commits);
      TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged,
          threads * commits, ROWS);
    }
  }

  /**
   * 8 threads x 25 appends with the default settings, which keep only the newest 100 snapshots:
   * every row is there exactly once, and the kept snapshots are the newest 100 of one linear
   * history, each an acknowledged commit, each commit id once.
   */
  @Test
  void eightThreadsWithDefaultRetentionKeepTheNewestHundredSnapshots() throws Exception {
    int threads = 8;
    int commits = 25;
    try (Warehouse wh = Fixtures.warehouse(root)) {
      wh.createTable("events", EVENTS);
      List<String> acknowledged = appendConcurrently(wh, threads, commits);
      assertEquals(threads * commits, acknowledged.size());
      Table table = wh.loadTable("events");
      List<Snapshot> kept = table.snapshots();
      assertEquals(100, kept.size());
      Set<String> keptIds = kept.stream().map(Snapshot::commitId).collect(Collectors.toSet());
      assertEquals(100, keptIds.size(), "distinct commit ids");
      Set<String> ackIds = acknowledged.stream().map(a -> a.split(" ")[0])
          .collect(Collectors.toSet());
      assertTrue(ackIds.containsAll(keptIds), "every kept snapshot is an acknowledged commit");
      for (int i = 0; i < kept.size(); i++) {
        assertEquals(threads * commits - 99 + i, kept.get(i).sequenceNumber());
        if (i > 0) {
          assertEquals(kept.get(i - 1).snapshotId(), kept.get(i).parentId());
        }
      }
      List<Map<String, Object>> rows = table.scan().toRecords();
      assertEquals(threads * commits * ROWS, rows.size());
      Map<Object, Long> perTag = rows.stream()
          .collect(Collectors.groupingBy(r -> r.get("event"), Collectors.counting()));
      assertEquals(acknowledged.stream().map(a -> a.split(" ")[1]).collect(Collectors.toSet()),
          perTag.keySet());
      perTag.values().forEach(n -> assertEquals((long) ROWS, n));
    }
  }

  /** {@code threads} handles append {@code commits} tagged batches each, all at once. */
  private static List<String> appendConcurrently(Warehouse wh, int threads, int commits)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final String tag = "t" + t;
        futures.add(pool.submit(() -> {
          Table table = wh.loadTable("events");
          start.await();
          List<String> ids = new ArrayList<>();
          for (int c = 0; c < commits; c++) {
            String batchTag = tag + "-c" + c;
            Snapshot s = table.newAppend().appendRecords(AppendWorker.batch(batchTag, ROWS))
                .set("tag", batchTag).commit();
            ids.add(s.commitId() + " " + batchTag);
          }
          return ids;
        }));
      }
      List<String> acknowledged = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        acknowledged.addAll(f.get(5, TimeUnit.MINUTES));
      }
      return acknowledged;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * 4 separate JVMs x 25 appends on one table. The workers keep every snapshot
   * (history.max-snapshots=0, see {@link AppendWorker}) so every commit id can be checked.
   */
  @Test
  void fourProcessesTwentyFiveAppendsEach() throws Exception {
    int processes = 4;
    int commits = 25;
    try (Warehouse wh = Fixtures.warehouse(root)) {
      wh.createTable("events", EVENTS);
      List<String> acknowledged =
          AppendWorker.runAll(root, "events", processes, commits, ROWS);
      TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged,
          processes * commits, ROWS);
    }
  }
}
