package io.datashard.it;

import io.datashard.testing.WorkerJvm;
import static io.datashard.it.Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed at random points of a stream of commits (while writing data, manifests, the
 * commit point or the hint) leaves a table that loads and holds exactly the commits that landed;
 * a later writer continues from it.
 */
class CrashTest {
  private static final int ROWS = 50;

  @TempDir Path root;

  @Test
  void writerKilledAtRandomPointsLosesNothingCommittedAndCorruptsNothing() throws Exception {
    Random random = new Random(20261123L);
    Set<String> acknowledged = new HashSet<>();
    try (Warehouse wh = Fixtures.warehouse(root)) {
      wh.createTable("events", EVENTS);
      for (int round = 0; round < 5; round++) {
        WorkerJvm w = WorkerJvm.start(AppendWorker.class, root.toString(), "events", "r" + round,
            "0", Integer.toString(ROWS));
        try {
          long deadline = System.currentTimeMillis() + 60_000;
          int wantCommits = 2 + random.nextInt(4);
          while (w.committed().size() < wantCommits && System.currentTimeMillis() < deadline
              && w.process().isAlive()) {
            Thread.sleep(5);
          }
          assertTrue(w.process().isAlive(), "worker died by itself:\n" + w.output());
          Thread.sleep(random.nextInt(40)); // land somewhere inside the next commit
        } finally {
          w.process().destroyForcibly();
        }
        assertTrue(w.process().waitFor(30, TimeUnit.SECONDS));
        w.awaitOutput();
        w.committed().forEach(c -> acknowledged.add(c.split(" ")[0]));

        Table table = wh.loadTable("events");
        assertCommittedRowsExactly(table, acknowledged);
      }
      // a later writer continues from whatever the last crash left
      Table table = wh.loadTable("events");
      int before = table.snapshots().size();
      Snapshot s = table.newAppend().appendRecords(AppendWorker.batch("after", ROWS))
          .set("tag", "after").commit();
      assertEquals(before + 1, wh.loadTable("events").snapshots().size());
      acknowledged.add(s.commitId());
      assertCommittedRowsExactly(wh.loadTable("events"), acknowledged);
    }
  }

  /**
   * Every acknowledged commit is in the table; at most one unacknowledged commit per kill (it
   * landed but the process died before printing); each snapshot's rows are there exactly once.
   */
  private static void assertCommittedRowsExactly(Table table, Set<String> acknowledged) {
    List<Snapshot> snapshots = table.snapshots();
    Set<String> ids = snapshots.stream().map(Snapshot::commitId).collect(Collectors.toSet());
    assertEquals(snapshots.size(), ids.size(), "no commit twice");
    assertTrue(ids.containsAll(acknowledged), "every acknowledged commit is in the table");
    List<Map<String, Object>> rows = table.scan().toRecords();
    Map<Object, Long> perTag = rows.stream()
        .collect(Collectors.groupingBy(r -> r.get("event"), Collectors.counting()));
    Set<String> tags = snapshots.stream().map(s -> s.summary().get("tag"))
        .collect(Collectors.toSet());
    assertEquals(tags, perTag.keySet(), "rows belong exactly to committed snapshots");
    perTag.values().forEach(n -> assertEquals(ROWS, n));
    assertEquals((long) snapshots.size() * ROWS, rows.size());
  }
}
