package io.datashard.examples;

import io.datashard.DataShard;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.types.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The quickstart: creates (or loads) a table, runs several writers at once, reads everything back
 * and checks that every committed row is there exactly once.
 *
 * <p>Configured by {@code DATASHARD_*} variables like any DataShard program; with none set it
 * uses the local backend in {@code ./datashard-warehouse}.
 *
 * <pre>
 *   java -jar examples/target/datashard-quickstart.jar [writers] [commits-per-writer] [rows-per-commit]
 * </pre>
 */
public final class Quickstart {
  private static final String TABLE = "quickstart/user_events";

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    int writers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int commitsPerWriter = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rowsPerCommit = args.length > 2 ? Integer.parseInt(args[2]) : 1000;

    Schema schema = Schema.builder()
        .required("user_id", Types.LONG)
        .required("event", Types.STRING)
        .required("ts", Types.TIMESTAMPTZ)
        .optional("amount", Types.decimal(12, 2))
        .build();

    Table table = DataShard.tableExists(TABLE)
        ? DataShard.loadTable(TABLE)
        : DataShard.createTable(TABLE, schema);
    Snapshot before = table.currentSnapshot();
    long rowsBefore = before == null ? 0 : table.scan().toRecords().size();
    System.out.printf("Table %s at %s (%d rows before this run)%n",
        table.name(), table.location(), rowsBefore);
    System.out.printf("Starting %d writers x %d commits x %d rows...%n",
        writers, commitsPerWriter, rowsPerCommit);

    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Set<String> commitIds = new HashSet<>();
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        final int writer = w;
        results.add(pool.submit(() -> runWriter(writer, commitsPerWriter, rowsPerCommit)));
      }
      for (Future<List<String>> f : results) {
        commitIds.addAll(f.get());
      }
    } finally {
      // a failed writer must not leave the others' threads keeping the JVM alive
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    table.refresh();
    List<Map<String, Object>> rows = table.scan().toRecords();
    long expected = rowsBefore + (long) writers * commitsPerWriter * rowsPerCommit;
    System.out.println();
    System.out.println("Snapshots (newest last):");
    for (Snapshot s : table.snapshots()) {
      System.out.printf("  id=%-20d seq=%-4d %s added=%-6s total=%-8s commit=%s%n",
          s.snapshotId(), s.sequenceNumber(), Instant.ofEpochMilli(s.timestampMillis()),
          s.summary().get("added-records"), s.summary().get("total-records"), s.commitId());
    }
    long found = 0;
    for (Snapshot s : table.snapshots()) {
      if (commitIds.contains(s.commitId())) {
        found++;
      }
    }
    System.out.println();
    System.out.printf("%d commits in %.2f s (%.1f commits/s); every commit id seen once: %s%n",
        commitIds.size(), seconds, commitIds.size() / seconds, found == commitIds.size());
    System.out.printf("Rows in table: %d (expected %d) -> %s%n",
        rows.size(), expected, rows.size() == expected ? "OK" : "MISMATCH");
    if (rows.size() != expected || found != commitIds.size()) {
      System.exit(1);
    }
  }

  private static List<String> runWriter(int writer, int commits, int rowsPerCommit) {
    Table table = DataShard.loadTable(TABLE);
    List<String> ids = new ArrayList<>();
    for (int c = 0; c < commits; c++) {
      List<Map<String, Object>> batch = new ArrayList<>(rowsPerCommit);
      for (int r = 0; r < rowsPerCommit; r++) {
        long userId = (long) writer * 1_000_000 + (long) c * rowsPerCommit + r;
        batch.add(Map.of(
            "user_id", userId,
            "event", r % 3 == 0 ? "login" : "click",
            "ts", Instant.now(),
            "amount", new java.math.BigDecimal(userId % 10_000).movePointLeft(2)));
      }
      Snapshot s = table.appendRecords(batch);
      ids.add(s.commitId());
      System.out.printf("  writer %d: commit %d/%d -> snapshot %d (seq %d)%n",
          writer, c + 1, commits, s.snapshotId(), s.sequenceNumber());
    }
    return ids;
  }
}
