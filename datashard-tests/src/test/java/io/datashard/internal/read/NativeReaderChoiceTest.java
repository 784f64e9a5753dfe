package io.datashard.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.NativeReader;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import io.datashard.it.read.RowGroupFiles;
import io.datashard.exceptions.DataShardException;
import io.datashard.expressions.Expressions;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Parquet reader a scan uses: the native one where it loaded and suits the file, the Java one
 * otherwise, chosen automatically or forced, and the same rows either way. The package-private
 * {@link NativeLibrary#resetForTests} seam simulates a platform without the native library.
 */
class NativeReaderChoiceTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("name", Types.STRING)
      .build();
  private static final String SIMULATED =
      "UnsatisfiedLinkError: no arrow_dataset_jni in java.library.path (simulated)";

  @TempDir Path root;

  @AfterEach
  void restoreRealLibrary() {
    NativeLibrary.resetForTests(null);
  }

  private static List<Map<String, Object>> rows(long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("name", id % 7 == 0 ? null : "name-" + id);
      rows.add(r);
    }
    return rows;
  }

  /** Rows sorted by id (a scan returns files in manifest order, newest first). */
  private static List<Map<String, Object>> byId(List<Map<String, Object>> rows) {
    List<Map<String, Object>> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparingLong(r -> (Long) r.get("id")));
    return sorted;
  }

  private Table threeFiles(Warehouse wh) {
    Table t = wh.createTable("t", SCHEMA);
    for (int f = 0; f < 3; f++) {
      t.appendRecords(rows(f * 1000L, 1000));
    }
    return t;
  }

  @Test
  void autoReadsLocalFilesNatively() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      TableScan scan = threeFiles(wh).scan().filter(Expressions.lessThan("id", 1500L));
      assertEquals(rows(0, 1500), byId(scan.toRecords()));
      ScanReport r = scan.report();
      assertEquals(2, r.filesRead());
      assertEquals(2, r.filesReadNative());
      assertEquals(0, r.filesReadJava());
      assertEquals(Map.of(), r.javaReadReasons());
      assertEquals(2, r.rowGroupsRead());
      assertEquals(2000, r.rowsDecoded());
    }
  }

  @Test
  void autoFallsBackToTheJavaReaderWhenTheLibraryDoesNotLoad() throws Exception {
    NativeLibrary.resetForTests(() -> SIMULATED);
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
         BufferAllocator allocator = new RootAllocator()) {
      Table t = threeFiles(wh);
      TableScan scan = t.scan().filter(Expressions.greaterThanOrEqual("id", 500L));
      assertEquals(rows(500, 2500), byId(scan.toRecords()));
      ScanReport r = scan.report();
      assertEquals(3, r.filesRead());
      assertEquals(0, r.filesReadNative());
      assertEquals(Map.of("native library unavailable", 3L), r.javaReadReasons());
      assertEquals(SIMULATED, NativeLibrary.unavailableReason());

      try (VectorSchemaRoot all = t.scan().select("id").toArrowTable(allocator)) {
        assertEquals(3000, all.getRowCount());
        long sum = 0;
        for (int i = 0; i < 3000; i++) {
          sum += ((BigIntVector) all.getVector("id")).get(i);
        }
        assertEquals(2999L * 3000 / 2, sum);
      }
    }
  }

  @Test
  void requiredFailsWithAClearErrorWhenTheLibraryDoesNotLoad() {
    NativeLibrary.resetForTests(() -> SIMULATED);
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set("read.native", "true").build())) {
      Table t = threeFiles(wh);
      DataShardException e = assertThrows(DataShardException.class, () -> t.scan().toRecords());
      assertEquals("Cannot read table 't' with the native Parquet reader: it was required"
          + " (read.native=true, DATASHARD_READ_NATIVE=true or"
          + " scan.nativeReader(NativeReader.REQUIRED)), but Arrow's native dataset library"
          + " (arrow-dataset, JNI) does not load on this platform (" + NativeLibrary.platform()
          + "): " + SIMULATED + ". Use read.native=auto to fall back to the pure-Java reader, or"
          + " run on Linux or macOS (x86_64/aarch64) with arrow-dataset and arrow-c-data on the"
          + " class path", e.getMessage());
      // The per-scan choice wins over the setting.
      assertEquals(3000, t.scan().nativeReader(NativeReader.AUTO).toRecords().size());
    }
  }

  @Test
  void disabledReadsEverythingWithJava() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set("read.native", "FALSE").build())) {
      TableScan scan = threeFiles(wh).scan();
      assertEquals(rows(0, 3000), byId(scan.toRecords()));
      assertEquals(Map.of("native reader disabled", 3L), scan.report().javaReadReasons());
    }
  }

  @Test
  void anInvalidSettingNamesTheKeyAndTheValues() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set("read.native", "yes").build())) {
      Table t = threeFiles(wh);
      DataShardException e = assertThrows(DataShardException.class, () -> t.scan().toRecords());
      assertEquals("Invalid setting 'read.native' (DATASHARD_READ_NATIVE) = 'yes': expected auto"
          + " (native reader where it works), true (native reader, fail if it does not load) or"
          + " false (pure-Java reader)", e.getMessage());
    }
  }

  @Test
  void autoUsesJavaWhereRowGroupStatisticsSkipRowGroupsAndRequiredStillReadsNatively() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("groups", SCHEMA);
      // One file of many small row groups, ids ascending, so each group covers its own range.
      DataFile file = RowGroupFiles.manySmallRowGroups(wh, "groups", SCHEMA, rows(0, 5000));
      t.newAppend().appendFile(file).commit();
      int groups = file.splitOffsets().size();
      assertTrue(groups >= 5, "expected many row groups, got " + groups);

      TableScan auto = t.scan().filter(Expressions.equal("id", 4321L));
      assertEquals(rows(4321, 1), auto.toRecords());
      ScanReport a = auto.report();
      assertEquals(0, a.filesReadNative());
      assertEquals(Map.of("row-group statistics skip row groups", 1L), a.javaReadReasons());
      assertEquals(groups - 1, a.rowGroupsSkipped());

      TableScan required = auto.nativeReader(NativeReader.REQUIRED);
      assertEquals(rows(4321, 1), required.toRecords());
      ScanReport r = required.report();
      assertEquals(1, r.filesReadNative());
      assertEquals(Map.of(), r.javaReadReasons());
      assertEquals(groups, r.rowGroupsRead());
      assertEquals(0, r.rowGroupsSkipped());
      assertEquals(5000, r.rowsDecoded());
    }
  }
}
