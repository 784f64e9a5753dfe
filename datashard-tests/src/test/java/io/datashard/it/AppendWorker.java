package io.datashard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.testing.WorkerJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A writer process for the multi-process tests: {@code AppendWorker <root> <table> <tag> <commits>
 * <rowsPerCommit> [key=value ...]} (settings added to the warehouse's configuration) appends
 * {@code commits} batches (forever when commits is 0) and prints {@code COMMITTED <commitId>
 * <tag>} after each commit returns. Every row of a batch carries the batch's tag in {@code
 * event}, so a checker can tie rows to commits.
 */
public final class AppendWorker {
  private AppendWorker() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    String tableName = args[1];
    String tag = args[2];
    int commits = Integer.parseInt(args[3]);
    int rows = Integer.parseInt(args[4]);
    // Keep every snapshot: the multi-process tests check each acknowledged commit id among the
    // table's snapshots, which the default retention (the newest 100) would partly drop.
    DataShardConfig.Builder builder = DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.COMMIT_MAX_ATTEMPTS, "1000")
        .set(DataShardConfig.HISTORY_MAX_SNAPSHOTS, "0");
    for (int i = 5; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      builder.set(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    DataShardConfig config = builder.build();
    try (Warehouse wh = Warehouse.open(config)) {
      Table table = wh.loadTable(tableName);
      for (int c = 0; commits == 0 || c < commits; c++) {
        String batchTag = tag + "-c" + c;
        Snapshot s = table.newAppend().appendRecords(batch(batchTag, rows))
            .set("tag", batchTag).commit();
        System.out.println("COMMITTED " + s.commitId() + " " + batchTag);
        System.out.flush();
      }
    }
  }

  /**
   * Runs {@code processes} worker JVMs (tags {@code p0}, {@code p1}, ...) on {@code table} under
   * {@code root}, each making {@code commits} commits of {@code rows} rows with the extra {@code
   * settings}; checks each exited 0 within 4 minutes and returns every acknowledged commit id.
   */
  static List<String> runAll(Path root, String table, int processes, int commits, int rows,
      String... settings) throws Exception {
    List<List<String>> args = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      List<String> a = new ArrayList<>(List.of(root.toString(), table, "p" + p,
          Integer.toString(commits), Integer.toString(rows)));
      a.addAll(List.of(settings));
      args.add(a);
    }
    List<String> acknowledged = WorkerJvm.runAll(AppendWorker.class, args);
    assertEquals(processes * commits, acknowledged.size());
    return acknowledged;
  }

  static List<Map<String, Object>> batch(String tag, int rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(Map.of("user_id", (long) i, "event", tag));
    }
    return out;
  }
}
