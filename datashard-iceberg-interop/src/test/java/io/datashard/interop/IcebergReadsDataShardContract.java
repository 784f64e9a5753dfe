package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Iceberg-Java must see in any table DataShard wrote. Each subclass builds one table once
 * (its {@link #fill} commits several snapshots and records the rows expected in each), then every
 * test here checks one aspect of it through Iceberg: schema, snapshots, rows at every snapshot,
 * data files and their metrics, and the metadata files themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IcebergReadsDataShardContract {
  Path root;
  Warehouse warehouse;
  Table table;
  /** Rows expected at each snapshot, by snapshot id, in DataShard's read representation. */
  final Map<Long, List<Map<String, Object>>> expected = new LinkedHashMap<>();

  /** Creates the table in the warehouse and commits its snapshots, recording expectations. */
  abstract Table fill(Warehouse warehouse) throws Exception;

  /** The warehouse configuration; subclasses may add settings. */
  DataShardConfig.Builder config(Path root) {
    return DataShardConfig.builder().localRoot(root);
  }

  @BeforeAll
  void buildTable(@TempDir Path tempDir) throws Exception {
    root = tempDir;
    warehouse = Warehouse.open(config(root).build());
    table = fill(warehouse).refresh();
    warehouse.awaitBackgroundWrites(); // version hints are written after commits return
  }

  @AfterAll
  void closeWarehouse() {
    warehouse.close();
  }

  /** Records that {@code snapshot} holds the previous snapshot's rows plus {@code added}. */
  void expectAppended(Snapshot snapshot, List<Map<String, Object>> added) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (snapshot.parentId() != null) {
      rows.addAll(expected.get(snapshot.parentId()));
    }
    rows.addAll(added);
    expected.put(snapshot.snapshotId(), rows);
  }

  @Test
  void icebergSeesTheSameSchema() {
    Interop.assertSameSchema(table.schema(), Interop.hadoopLoad(table).schema());
  }

  @Test
  void icebergSeesTheSameSnapshotsAndHistory() {
    Interop.assertSameSnapshots(table, Interop.hadoopLoad(table));
  }

  @Test
  void everySnapshotCarriesItsDataShardCommitIdInIcebergsSummary() {
    List<String> ids = new ArrayList<>();
    Interop.hadoopLoad(table).snapshots()
        .forEach(s -> ids.add(s.summary().get(Snapshot.COMMIT_ID_KEY)));
    assertEquals(table.snapshots().stream().map(Snapshot::commitId).toList(), ids);
    assertEquals(ids.size(), ids.stream().distinct().count(), "commit ids are unique");
    assertTrue(ids.stream().allMatch(id -> id != null && !id.isBlank()), "commit ids present");
  }

  @Test
  void icebergReadsTheSameRowsAtEverySnapshot() {
    Interop.assertSameRowsEverySnapshot(table, Interop.hadoopLoad(table), expected);
  }

  @Test
  void staticTableOperationsOnTheLatestMetadataFileSeeTheSameTable() {
    org.apache.iceberg.Table ice = Interop.staticLoad(table);
    Interop.assertSameSchema(table.schema(), ice.schema());
    Interop.assertSameSnapshots(table, ice);
    // Rows at every snapshot are checked through HadoopTables above; reading them all again here
    // would only repeat the same file reads, so this checks the current snapshot's.
    long current = table.currentSnapshot().snapshotId();
    Interop.assertSameRows(expected.get(current), Interop.icebergRows(ice, current),
        "current snapshot through StaticTableOperations");
  }

  @Test
  void dataFilesAreParquetWithExactCountsAndColumnMetrics() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    long current = table.currentSnapshot().snapshotId();
    // Append-only: the current snapshot lists every data file, so checking its files (each read
    // once) covers every file of every snapshot.
    FileMetrics.assertFileMetrics(ice, current);
    Set<String> all = paths(FileMetrics.planFiles(ice, current));
    for (Snapshot s : table.snapshots()) {
      List<org.apache.iceberg.DataFile> files = FileMetrics.planFiles(ice, s.snapshotId());
      assertTrue(all.containsAll(paths(files)), "files of " + s + " are still live");
      long records = files.stream().mapToLong(org.apache.iceberg.DataFile::recordCount).sum();
      assertEquals(expected.get(s.snapshotId()).size(), records, "records of " + s);
      assertEquals(Long.toString(records), s.summary().get("total-records"), "total-records");
      assertEquals(Integer.toString(files.size()), s.summary().get("total-data-files"),
          "total-data-files");
    }
  }

  static Set<String> paths(List<org.apache.iceberg.DataFile> files) {
    return files.stream().map(org.apache.iceberg.DataFile::location).collect(Collectors.toSet());
  }

  @Test
  void versionHintHoldsTheLatestVersionAsBareDigits() throws Exception {
    Interop.assertVersionHint(Interop.tableDir(table).resolve("metadata"));
  }

  @Test
  void icebergParsesEveryMetadataFile() {
    Interop.assertEveryMetadataFileParses(
        Interop.tableDir(table).resolve("metadata"), table.uuid());
  }
}
