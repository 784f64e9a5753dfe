package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Iceberg reads a table that 8 threads filled at once, each with its own table handle. Five
 * appends per thread: the rows of every snapshot are read, which costs time quadratic in the
 * number of snapshots (40 snapshots read 820 data files, through both libraries).
 */
class ConcurrentWritersTableTest extends IcebergReadsDataShardContract {
  private static final int THREADS = 8;
  private static final int APPENDS_PER_THREAD = 5;
  private static final int ROWS_PER_APPEND = 20;

  private final Map<Long, List<Map<String, Object>>> addedBySnapshot = new ConcurrentHashMap<>();
  private final Set<String> acknowledgedCommitIds = ConcurrentHashMap.newKeySet();

  @Override
  Table fill(Warehouse warehouse) throws Exception {
    Table created = warehouse.createTable("concurrent", Events.SCHEMA);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          Table mine = warehouse.loadTable("concurrent");
          for (int a = 0; a < APPENDS_PER_THREAD; a++) {
            long first = (thread * APPENDS_PER_THREAD + a) * (long) ROWS_PER_APPEND;
            List<Map<String, Object>> rows = Events.rows("t" + thread, first, ROWS_PER_APPEND);
            Snapshot s = mine.appendRecords(rows);
            addedBySnapshot.put(s.snapshotId(), rows);
            acknowledgedCommitIds.add(s.commitId());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Table t = created.refresh();
    for (Snapshot s : t.snapshots()) {
      expectAppended(s, addedBySnapshot.get(s.snapshotId()));
    }
    return t;
  }

  @Test
  void icebergSeesEveryAcknowledgedCommitOnceInOneLinearHistory() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    Set<String> commitIds = new HashSet<>();
    Long parent = null;
    int count = 0;
    for (org.apache.iceberg.Snapshot s : ice.snapshots()) {
      assertEquals(parent, s.parentId(), "parent of " + s.snapshotId());
      assertEquals(count + 1L, s.sequenceNumber(), "sequence number of " + s.snapshotId());
      commitIds.add(s.summary().get(Snapshot.COMMIT_ID_KEY));
      parent = s.snapshotId();
      count++;
    }
    assertEquals(THREADS * APPENDS_PER_THREAD, count);
    assertEquals(acknowledgedCommitIds, commitIds);
  }

  @Test
  void icebergReadsEveryRowExactlyOnce() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    List<Map<String, Object>> rows = Interop.icebergRows(ice, ice.currentSnapshot().snapshotId());
    assertEquals(THREADS * APPENDS_PER_THREAD * ROWS_PER_APPEND, rows.size());
    assertEquals(rows.size(), rows.stream().map(r -> r.get("id")).distinct().count());
  }
}
