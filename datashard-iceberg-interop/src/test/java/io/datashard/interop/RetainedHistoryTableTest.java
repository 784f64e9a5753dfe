package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table after 250 single-row commits with the default retention: the metadata lists the newest
 * 100 snapshots and 10 previous files, and versions 1..240 are DataShard's stubs. Iceberg-Java
 * must load it (HadoopTables and the static loader), see exactly the kept snapshots and history,
 * and read exactly the 250 rows. Not a {@link IcebergReadsDataShardContract}: that reads every
 * snapshot, which here would be 100 scans of up to 250 files each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetainedHistoryTableTest {
  private static final int COMMITS = 250;

  Warehouse warehouse;
  Table table;
  final List<Map<String, Object>> allRows = new ArrayList<>();

  @BeforeAll
  void build(@TempDir Path root) {
    warehouse = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
    Table t = warehouse.createTable("history", Events.SCHEMA);
    for (int i = 0; i < COMMITS; i++) {
      List<Map<String, Object>> rows = Events.rows("w", i, 1);
      t.appendRecords(rows);
      allRows.addAll(rows);
    }
    table = warehouse.loadTable("history");
  }

  @AfterAll
  void close() {
    warehouse.close();
  }

  @Test
  void dataShardKeepsTheNewestHundredSnapshots() {
    assertEquals(100, table.snapshots().size());
    assertEquals(LongStream.rangeClosed(151, 250).boxed().toList(),
        table.snapshots().stream().map(Snapshot::sequenceNumber).toList());
  }

  @Test
  void icebergHadoopTablesSeeExactlyTheKeptSnapshotsAndHistory() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    Interop.assertSameSnapshots(table, ice);
    List<Long> iceIds = StreamSupport.stream(ice.snapshots().spliterator(), false)
        .map(org.apache.iceberg.Snapshot::snapshotId).collect(Collectors.toList());
    assertEquals(table.snapshots().stream().map(Snapshot::snapshotId).toList(), iceIds);
    assertEquals(100, ice.history().size());
  }

  @Test
  void icebergReadsExactlyTheRowsOfTheCurrentAndTheOldestKeptSnapshot() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    Interop.assertSameRows(allRows,
        Interop.icebergRows(ice, table.currentSnapshot().snapshotId()), "current snapshot");
    Snapshot oldest = table.snapshots().get(0);
    Interop.assertSameRows(allRows.subList(0, 151), Interop.icebergRows(ice, oldest.snapshotId()),
        "oldest kept snapshot");
    assertEquals(COMMITS, table.scan().toRecords().size());
  }

  @Test
  void theStaticLoaderOnTheLatestFileSeesTheSameTable() {
    org.apache.iceberg.Table ice = Interop.staticLoad(table);
    Interop.assertSameSnapshots(table, ice);
    Interop.assertSameRows(allRows,
        Interop.icebergRows(ice, table.currentSnapshot().snapshotId()), "static load");
  }

  @Test
  void fullMetadataParsesInIcebergAndEverythingOlderIsAStub() throws Exception {
    Path metadata = Interop.tableDir(table).resolve("metadata");
    assertEquals(COMMITS + 1, Interop.latestVersion(metadata));
    warehouse.awaitBackgroundWrites(); // stubs are written in the background after each commit
    Interop.assertEveryMetadataFileParses(metadata, table.uuid());
    Interop.assertVersionHint(metadata);
  }
}
