package io.datashard.storage.s3;

import io.datashard.testing.TableAssertions;
import io.datashard.testing.WorkerJvm;
import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tables on S3 (S3Proxy 4.1.0 on loopback) through the public API: the same behaviour as on local
 * disk, including many writers racing at the commit point in threads and in separate JVMs.
 */
class S3TableTest {
  static final int ROWS = 10;
  private static String bucket;

  @BeforeAll
  static void bucket() {
    bucket = S3TestServer.get().newBucket();
  }

  private static DataShardConfig.Builder config(String prefix) {
    return S3TestServer.get().config(bucket, prefix);
  }

  @Test
  void createLoadAppendAndReadThroughWarehouseOpen() {
    String prefix = S3TestServer.newPrefix("basic");
    try (Warehouse wh = Warehouse.open(config(prefix).build())) {
      assertEquals("s3", wh.backend().type());
      Table created = wh.createTable("team/events", EVENTS);
      assertEquals("s3://" + bucket + "/" + prefix + "/team/events", created.location());
      Snapshot s1 = created.appendRecords(batch("login", 3));
      Snapshot s2 = created.appendRecords(batch("click", 2));
      Table loaded = wh.loadTable("team/events");
      assertEquals(s2.snapshotId(), loaded.currentSnapshot().snapshotId());
      assertEquals(List.of(s1.snapshotId(), s2.snapshotId()),
          loaded.snapshots().stream().map(Snapshot::snapshotId).toList());
      assertEquals(Map.of("login", 3L, "click", 2L), countByEvent(loaded.scan().toRecords()));
      assertEquals(Map.of("login", 3L),
          countByEvent(loaded.scan().useSnapshot(s1.snapshotId()).toRecords()));
      assertEquals(List.of("team/events"), wh.listTables());
      for (String key : wh.backend().list("team/events/data/").stream()
          .map(o -> o.key()).toList()) {
        assertTrue(key.endsWith(".parquet"), key);
      }
    }
  }

  /** 8 threads x 25 appends with the JVM lock off: they race at the commit point. */
  @Test
  void eightThreadsTwentyFiveAppendsEachWithoutTheJvmLock() throws Exception {
    int threads = 8;
    int commits = 25;
    String prefix = S3TestServer.newPrefix("threads");
    // history.max-snapshots=0: the assertion checks all 200 commit ids among the snapshots,
    // more than the default retention of 100 keeps.
    try (Warehouse wh = Warehouse.open(config(prefix).set("commit.jvm.lock", "false")
        .set(DataShardConfig.HISTORY_MAX_SNAPSHOTS, "0")
        .set(DataShardConfig.COMMIT_MAX_ATTEMPTS, "1000")
        .set(DataShardConfig.COMMIT_BACKOFF_MAX_MS, "50").build())) {
      wh.createTable("events", EVENTS);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<List<String>>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          String tag = "t" + t;
          futures.add(pool.submit(() -> {
            Table table = wh.loadTable("events");
            start.await();
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < commits; c++) {
              String batchTag = tag + "-c" + c;
              Snapshot s = table.newAppend().appendRecords(batch(batchTag, ROWS))
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
        TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged,
            threads * commits, ROWS);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** 3 separate JVMs x 15 appends on one table. */
  @Test
  void threeProcessesFifteenAppendsEach() throws Exception {
    int processes = 3;
    int commits = 15;
    String prefix = S3TestServer.newPrefix("processes");
    try (Warehouse wh = Warehouse.open(config(prefix).build())) {
      wh.createTable("events", EVENTS);
      List<List<String>> args = new ArrayList<>();
      for (int p = 0; p < processes; p++) {
        args.add(List.of(S3TestServer.get().endpoint().toString(), bucket, prefix, "events",
            "p" + p, Integer.toString(commits), Integer.toString(ROWS)));
      }
      List<String> acknowledged = WorkerJvm.runAll(S3AppendWorker.class, args);
      TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged,
          processes * commits, ROWS);
    }
  }

  static Map<Object, Long> countByEvent(List<Map<String, Object>> rows) {
    return rows.stream().collect(Collectors.groupingBy(r -> r.get("event"), Collectors.counting()));
  }
}
