package io.datashard.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.expressions.Expressions;
import io.datashard.types.Field;
import io.datashard.types.Types;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data file's columns decoded on their own threads (by several native scanners, or by the
 * vectorized reader's column groups): the rows come back complete and in file order, also when
 * the groups' batches have different boundaries, and closing early stops the threads and frees
 * everything.
 */
class NativeColumnSplitTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("name", Types.STRING)
      .optional("score", Types.DOUBLE)
      .build();
  private static final int ROWS = 5000;
  /** Enough rows for a scan to split a file's columns among threads. */
  private static final int BIG = 70_000;

  @TempDir Path root;

  private static List<Map<String, Object>> rows() {
    return rows(ROWS);
  }

  private static List<Map<String, Object>> rows(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("name", id % 3 == 0 ? null : "name-" + id);
      r.put("score", id % 4 == 0 ? null : id * 0.5);
      rows.add(r);
    }
    return rows;
  }

  private static void assertRow(long expectedId, long id, String name, Double score) {
    assertEquals(expectedId, id);
    assertEquals(id % 3 == 0 ? null : "name-" + id, name);
    assertEquals(id % 4 == 0 ? null : id * 0.5, score);
  }

  /** One group per column; the groups' native batches are 700, 256 and 999 rows long. */
  private static NativeFileReader misaligned(BufferAllocator allocator, Table t, boolean handOver) {
    List<Field> fields = SCHEMA.fields();
    return new NativeFileReader(allocator, t.scan().planFiles().get(0).path(), fields,
        new String[] {"id", "name", "score"},
        BoundFilter.bind(Expressions.alwaysTrue(), SCHEMA, fields), new ReadCounters(), handOver,
        columns -> new NativeFileReader.Plan(ColumnGroups.split(columns, 3),
            new int[] {700, 256, 999}));
  }

  @Test
  void groupsWithDifferentBatchBoundariesLineUpByRow() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", SCHEMA);
      t.appendRecords(rows());
      for (boolean handOver : new boolean[] {true, false}) {
        long next = 0;
        List<Integer> sizes = new ArrayList<>();
        try (NativeFileReader reader = misaligned(allocator, t, handOver)) {
          while (reader.hasNext()) {
            ColumnBatch b = reader.next();
            sizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
              int r = b.row(i);
              Object name = b.column(1).get(r);
              assertRow(next++, b.column(0).getLong(r),
                  name == null ? null : new String((byte[]) name, StandardCharsets.UTF_8),
                  (Double) b.column(2).get(r));
            }
            b.release();
          }
        }
        assertEquals(ROWS, next, "rows with handOver=" + handOver);
        // Each batch ends where the first of the three groups' batches ends.
        assertEquals(List.of(256, 256, 188, 68), sizes.subList(0, 4));
        assertEquals(0, allocator.getAllocatedMemory());
      }
    }
  }

  /** With the native reader forced, and with the default (the vectorized reader takes it). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = io.datashard.NativeReader.class,
      names = {"REQUIRED", "AUTO"})
  void aScanWithColumnThreadsReturnsEveryRowInOrderAndClosingEarlyFreesAll(
      io.datashard.NativeReader mode) throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
            .set(DataShardConfig.READ_COLUMN_THREADS, "3").build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", SCHEMA);
      t.appendRecords(rows(BIG));
      long next = 0;
      io.datashard.TableScan scan = t.scan().batchSize(1000).nativeReader(mode);
      try (ArrowReader reader = scan.toArrow(allocator)) {
        boolean first = true;
        while (reader.loadNextBatch()) {
          if (first) {
            // One thread per column; each waits with at most two batches ahead of 70.
            assertEquals(3, decodeThreads());
            first = false;
          }
          VectorSchemaRoot out = reader.getVectorSchemaRoot();
          BigIntVector id = (BigIntVector) out.getVector("id");
          VarCharVector name = (VarCharVector) out.getVector("name");
          Float8Vector score = (Float8Vector) out.getVector("score");
          for (int i = 0; i < out.getRowCount(); i++) {
            assertRow(next++, id.get(i), name.isNull(i) ? null
                : new String(name.get(i), StandardCharsets.UTF_8),
                score.isNull(i) ? null : score.get(i));
          }
        }
      }
      assertEquals(BIG, next);
      boolean vectorized = mode == io.datashard.NativeReader.AUTO;
      assertEquals(vectorized ? 0 : 1, scan.report().filesReadNative());
      assertEquals(vectorized ? 1 : 0, scan.report().filesReadVectorized());
      try (ArrowReader reader = t.scan().batchSize(100).nativeReader(mode).toArrow(allocator)) {
        assertTrue(reader.loadNextBatch());
        assertEquals(100, reader.getVectorSchemaRoot().getRowCount());
        assertEquals(3, decodeThreads());
      }
      assertEquals(0, allocator.getAllocatedMemory());
      assertEquals(0, decodeThreads());
    }
  }

  @Test
  void aSmallFileIsDecodedOnTheScanThread() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
            .set(DataShardConfig.READ_COLUMN_THREADS, "3").build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", SCHEMA);
      t.appendRecords(rows(ROWS));
      long rows = 0;
      try (ArrowReader reader = t.scan().batchSize(1000).toArrow(allocator)) {
        while (reader.loadNextBatch()) {
          assertEquals(0, decodeThreads());
          rows += reader.getVectorSchemaRoot().getRowCount();
        }
      }
      assertEquals(ROWS, rows);
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void anInvalidColumnThreadsSettingNamesTheKey() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.READ_COLUMN_THREADS, "0").build())) {
      Table t = wh.createTable("t", SCHEMA);
      io.datashard.exceptions.DataShardException e = org.junit.jupiter.api.Assertions.assertThrows(
          io.datashard.exceptions.DataShardException.class, () -> t.scan().toRecords());
      assertEquals("Invalid setting 'read.column-threads' (DATASHARD_READ_COLUMN_THREADS) = 0:"
          + " it must be between 1 and 64", e.getMessage());
    }
  }

  private static long decodeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(th -> th.getName().startsWith("datashard-decode-")).count();
  }
}
