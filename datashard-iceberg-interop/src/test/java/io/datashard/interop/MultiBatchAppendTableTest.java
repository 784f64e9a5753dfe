package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Iceberg reads a table committed with multi-batch appends: record batches plus data files
 * written earlier with {@code writeDataFiles} (one of them by another handle), in one snapshot.
 */
class MultiBatchAppendTableTest extends IcebergReadsDataShardContract {
  private Snapshot multi;

  @Override
  Table fill(Warehouse warehouse) {
    Table t = warehouse.createTable("multi", Events.SCHEMA);
    List<Map<String, Object>> first = Events.rows("plain", 0, 5);
    expectAppended(t.appendRecords(first), first);

    Table other = warehouse.loadTable("multi");
    List<Map<String, Object>> b1 = Events.rows("batch1", 100, 30);
    List<Map<String, Object>> b2 = Events.rows("batch2", 200, 20);
    List<Map<String, Object>> f1 = Events.rows("file1", 300, 15);
    List<Map<String, Object>> f2 = Events.rows("file2", 400, 10);
    List<DataFile> written = new ArrayList<>(t.writeDataFiles(f1));
    written.addAll(other.writeDataFiles(f2));
    var append = t.newAppend().appendRecords(b1).appendRecords(b2).set("source", "interop");
    written.forEach(append::appendFile);
    multi = append.commit();
    List<Map<String, Object>> all = new ArrayList<>(b1);
    all.addAll(b2);
    all.addAll(f1);
    all.addAll(f2);
    expectAppended(multi, all);

    List<Map<String, Object>> last = Events.rows("after", 500, 3);
    expectAppended(other.appendRecords(last), last);
    return t;
  }

  @Test
  void icebergSeesTheMultiBatchCommitAsOneSnapshotWithItsFilesAndProperty() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    org.apache.iceberg.Snapshot s = ice.snapshot(multi.snapshotId());
    assertEquals("append", s.operation());
    assertEquals("75", s.summary().get("added-records"));
    assertEquals("interop", s.summary().get("source"));
    List<org.apache.iceberg.DataFile> added = new ArrayList<>();
    s.addedDataFiles(ice.io()).forEach(added::add);
    assertEquals(List.of(15L, 20L, 30L, 10L).stream().sorted().toList(),
        added.stream().map(org.apache.iceberg.DataFile::recordCount).sorted().toList());
    assertEquals(Integer.toString(added.size()), s.summary().get("added-data-files"));
  }
}
