package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.DataShardException;
import io.datashard.internal.json.Json;
import io.datashard.internal.metadata.SupersededMetadata;
import io.datashard.internal.metadata.SupersededMetadataParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DataShard reads tables that Iceberg-Java wrote (format versions 1 and 2, Parquet files from
 * Iceberg's generic writer), appends to them in a way Iceberg reads back, and refuses to append
 * to a partitioned one.
 */
class DataShardReadsIcebergTablesTest {
  @TempDir Path root;

  private Warehouse warehouse;
  /** Rows Iceberg committed, by snapshot id. */
  private final Map<Long, List<Map<String, Object>>> expected = new HashMap<>();

  @BeforeEach
  void openWarehouse() {
    warehouse = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
  }

  @AfterEach
  void closeWarehouse() {
    warehouse.close();
  }

  /** An unpartitioned Iceberg table with three appends of 7, 11 and 13 rows. */
  private org.apache.iceberg.Table icebergTable(String name, int formatVersion) {
    org.apache.iceberg.Table ice =
        IcebergTables.create(root, name, PartitionSpec.unpartitioned(), formatVersion);
    List<Map<String, Object>> all = new ArrayList<>();
    long next = 0;
    for (int count : new int[] {7, 11, 13}) {
      all.addAll(IcebergTables.rows(next, count));
      next += count;
      IcebergTables.append(ice, IcebergTables.rows(next - count, count));
      ice.refresh();
      expected.put(ice.currentSnapshot().snapshotId(), List.copyOf(all));
    }
    return ice;
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {1, 2})
  void dataShardSeesTheSchemaIcebergWrote(int formatVersion) {
    org.apache.iceberg.Table ice = icebergTable("ice", formatVersion);
    Table table = warehouse.loadTable("ice");
    Interop.assertSameSchema(table.schema(), ice.schema());
    assertEquals(IcebergTables.ALL_TYPES.fields(), table.schema().fields());
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {1, 2})
  void dataShardSeesTheSnapshotsIcebergCommitted(int formatVersion) {
    org.apache.iceberg.Table ice = icebergTable("ice", formatVersion);
    Table table = warehouse.loadTable("ice");
    assertEquals(3, table.snapshots().size());
    Interop.assertSameSnapshots(table, ice);
    for (Snapshot s : table.snapshots()) {
      assertNull(s.commitId(), "Iceberg's snapshots carry no DataShard commit id");
    }
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {1, 2})
  void dataShardReadsTheRowsIcebergWroteAtEverySnapshot(int formatVersion) {
    org.apache.iceberg.Table ice = icebergTable("ice", formatVersion);
    Interop.assertSameRowsEverySnapshot(warehouse.loadTable("ice"), ice, expected);
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {1, 2})
  void icebergReadsWhatDataShardAppendedToItsTable(int formatVersion) {
    org.apache.iceberg.Table ice = icebergTable("ice", formatVersion);
    long icebergHead = ice.currentSnapshot().snapshotId();
    Table table = warehouse.loadTable("ice");
    List<Map<String, Object>> added = IcebergTables.rows(100, 9);
    Snapshot first = table.appendRecords(added);
    List<Map<String, Object>> rows = new ArrayList<>(expected.get(icebergHead));
    rows.addAll(added);
    expected.put(first.snapshotId(), List.copyOf(rows));
    List<Map<String, Object>> more = IcebergTables.rows(200, 4);
    Snapshot second = table.newAppend().appendRecords(more).commit();
    rows.addAll(more);
    expected.put(second.snapshotId(), List.copyOf(rows));

    org.apache.iceberg.Table reloaded = Interop.hadoopLoad(table);
    assertEquals(Long.valueOf(icebergHead), first.parentId());
    assertEquals(second.snapshotId(), reloaded.currentSnapshot().snapshotId());
    assertEquals(first.commitId(), reloaded.snapshot(first.snapshotId()).summary()
        .get(Snapshot.COMMIT_ID_KEY));
    // DataShard writes v2 snapshots, so a v1 table is upgraded (as Iceberg's own upgrade does).
    assertEquals(2, ((HasTableOperations) reloaded).operations().current().formatVersion());
    Interop.assertSameSnapshots(table.refresh(), reloaded);
    Interop.assertSameRowsEverySnapshot(table, reloaded, expected);
    FileMetrics.assertFileMetrics(reloaded, second.snapshotId());
  }

  @Test
  void dataShardReadsAPartitionedIcebergTable() {
    org.apache.iceberg.Table ice = IcebergTables.create(root, "parted", IcebergTables.byCategory(),
        2);
    List<Map<String, Object>> rows = IcebergTables.rows(0, 20);
    IcebergTables.appendPartitioned(ice, rows);
    ice.refresh();
    Table table = warehouse.loadTable("parted");
    Interop.assertSameSchema(table.schema(), ice.schema());
    Interop.assertSameSnapshots(table, ice);
    Interop.assertSameRows(rows, table.scan().toRecords(), "partitioned table");
    assertEquals(2, table.scan().planFiles().size());
  }

  @Test
  void appendingToAPartitionedIcebergTableIsRefusedAndCommitsNothing() {
    org.apache.iceberg.Table ice = IcebergTables.create(root, "parted", IcebergTables.byCategory(),
        2);
    IcebergTables.appendPartitioned(ice, IcebergTables.rows(0, 20));
    Table table = warehouse.loadTable("parted");
    DataShardException e = assertThrows(DataShardException.class,
        () -> table.appendRecords(IcebergTables.rows(100, 3)));
    assertEquals(DataShardException.class, e.getClass());
    assertEquals("Table 'parted' is partitioned (written by another engine): DataShard cannot"
        + " append to partitioned tables yet; nothing was committed", e.getMessage());
    org.apache.iceberg.Table reloaded = Interop.hadoopLoad(table);
    assertEquals(1, table.refresh().snapshots().size());
    assertEquals(ice.currentSnapshot().snapshotId(), reloaded.currentSnapshot().snapshotId());
    assertEquals(20, Interop.icebergRows(reloaded, reloaded.currentSnapshot().snapshotId())
        .size());
  }

  @Test
  void aVersionIcebergWroteIsStubbedByLaterDataShardCommitsAndIcebergStillReads()
      throws Exception {
    org.apache.iceberg.Table ice =
        IcebergTables.create(root, "mixed", PartitionSpec.unpartitioned(), 2); // v1
    List<Map<String, Object>> rows = new ArrayList<>(IcebergTables.rows(0, 20));
    IcebergTables.append(ice, rows); // v2, written by Iceberg-Java
    long icebergSnapshot = ice.currentSnapshot().snapshotId();
    Table table = warehouse.loadTable("mixed");
    for (int i = 0; i < 12; i++) { // v3..v14: v13 stubs v2, v14 stubs v3
      List<Map<String, Object>> batch = IcebergTables.rows(100 + i, 1);
      table.appendRecords(batch);
      rows.addAll(batch);
    }
    warehouse.awaitBackgroundWrites(); // stubs are written in the background after each commit
    Path v2 = root.resolve("mixed/metadata/v2.metadata.json");
    JsonNode stub = Json.parse("v2", Files.readString(v2));
    assertTrue(SupersededMetadataParser.isStub(stub), "Iceberg's v2 is a stub now");
    SupersededMetadata read = SupersededMetadataParser.fromJson(stub);
    assertEquals(List.of(icebergSnapshot),
        read.snapshots().stream().map(Snapshot::snapshotId).toList());
    assertNull(read.snapshots().get(0).commitId(), "Iceberg's snapshot has no DataShard id");

    org.apache.iceberg.Table reloaded = Interop.hadoopLoad(table);
    Interop.assertSameSnapshots(table.refresh(), reloaded);
    Interop.assertSameRows(rows,
        Interop.icebergRows(reloaded, reloaded.currentSnapshot().snapshotId()), "Iceberg");
    Interop.assertSameRows(rows, table.scan().toRecords(), "DataShard");
  }

  @Test
  void dataShardWritesTheSameColumnMetricsAsIcebergsOwnWriter() {
    List<Map<String, Object>> rows = IcebergTables.rows(0, 60);
    org.apache.iceberg.Table ice =
        IcebergTables.create(root, "by_iceberg", PartitionSpec.unpartitioned(), 2);
    org.apache.iceberg.DataFile theirs = IcebergTables.append(ice, rows);
    Table mine = warehouse.createTable("by_datashard", IcebergTables.ALL_TYPES);
    io.datashard.DataFile ours = mine.writeDataFiles(rows).get(0);
    assertEquals(theirs.recordCount(), ours.recordCount());
    assertEquals(theirs.valueCounts(), ours.valueCounts(), "value counts");
    assertEquals(theirs.nullValueCounts(), ours.nullValueCounts(), "null counts");
    assertEquals(theirs.nanValueCounts(), ours.nanValueCounts(), "NaN counts");
    assertEquals(theirs.lowerBounds(), ours.lowerBounds(), "lower bounds");
    assertEquals(theirs.upperBounds(), ours.upperBounds(), "upper bounds");
  }
}
