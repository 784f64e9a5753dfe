package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Iceberg reads a table whose appends rolled over into several data files each (a 1 KiB target
 * file size; the writer checks the size every 500 rows, so files hold 500 rows and a remainder).
 */
class RolledOverFilesTableTest extends IcebergReadsDataShardContract {
  private static final int ROWS_PER_APPEND = 1700;

  @Override
  DataShardConfig.Builder config(Path root) {
    return super.config(root).set(DataShardConfig.TARGET_FILE_SIZE_BYTES, "1024");
  }

  @Override
  Table fill(Warehouse warehouse) {
    Table t = warehouse.createTable("rolled", Events.SCHEMA);
    for (int a = 0; a < 3; a++) {
      List<Map<String, Object>> rows = Events.rows("r" + a, a * ROWS_PER_APPEND, ROWS_PER_APPEND);
      Snapshot s = t.appendRecords(rows);
      expectAppended(s, rows);
    }
    return t;
  }

  @Test
  void icebergSeesEveryAppendSplitIntoFourFilesWithExactCounts() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    for (org.apache.iceberg.Snapshot s : ice.snapshots()) {
      List<Long> counts = FileMetrics.planFiles(ice, s.snapshotId()).stream()
          .filter(f -> f.dataSequenceNumber() == s.sequenceNumber())
          .map(org.apache.iceberg.DataFile::recordCount)
          .sorted()
          .toList();
      assertEquals(List.of(200L, 500L, 500L, 500L), counts, "files added by " + s.snapshotId());
      assertEquals("4", s.summary().get("added-data-files"));
      assertEquals(Integer.toString(ROWS_PER_APPEND), s.summary().get("added-records"));
    }
  }
}
