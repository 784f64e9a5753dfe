package io.datashard.internal.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.read.BoundFilter;
import io.datashard.internal.read.ColumnBatch;
import io.datashard.internal.read.NativeFileReader;
import io.datashard.internal.read.ReadCounters;
import io.datashard.types.Field;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native reader hands its Arrow vectors to the Arrow output without copying a value when the
 * scan keeps every row and the types match, copies the columns whose type differs, and never
 * hands over when a filter selects rows. Memory is freed exactly in every case.
 */
class ArrowHandOverTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.INT)
      .optional("name", Types.STRING)
      .build();

  @TempDir Path root;

  private static List<Map<String, Object>> rows(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int id = 0; id < count; id++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("name", id % 5 == 0 ? null : "n" + id);
      rows.add(r);
    }
    return rows;
  }

  /** Reads the table's one data file natively as the given fields, with hand-over asked for. */
  private static NativeFileReader open(BufferAllocator allocator, Table t, List<Field> fields,
      Expression filter, int columnThreads) {
    String location = t.scan().planFiles().get(0).path();
    String[] names = fields.stream().map(Field::name).toArray(String[]::new);
    return new NativeFileReader(allocator, location, fields, names,
        BoundFilter.bind(filter, SCHEMA, fields), 300, new ReadCounters(), true, columnThreads);
  }

  @Test
  void matchingColumnsMoveAndAPromotedColumnIsCopied() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", SCHEMA);
      t.appendRecords(rows(1000));
      // Two column threads: "id" and "name" are decoded by separate native scanners.
      // "id" is an int in the file; reading it as a long (a legal promotion) needs a copy.
      List<Field> asRead = List.of(Field.required(1, "id", Types.LONG), SCHEMA.findField("name"));
      Schema output = Schema.builder().required("id", Types.LONG).optional("name", Types.STRING)
          .build();
      long idSum = 0;
      int rowsSeen = 0;
      int nulls = 0;
      try (NativeFileReader reader = open(allocator, t, asRead, Expressions.alwaysTrue(), 2);
          VectorSchemaRoot out = VectorSchemaRoot.create(ArrowSchemas.toArrow(output), allocator)) {
        assertNull(reader.unsuitableReason());
        while (reader.hasNext()) {
          ColumnBatch batch = reader.next();
          assertTrue(batch.vector(0) instanceof IntVector, "id arrives as the file's int vector");
          VarCharVector names = (VarCharVector) batch.vector(1);
          assertNotNull(names);
          long nameBuffer = names.getDataBuffer().memoryAddress();
          ArrowBatchFiller.fill(out, batch);
          // The string column was moved: the output owns the very same native buffer.
          assertEquals(0, names.getValueCount());
          assertEquals(nameBuffer, ((VarCharVector) out.getVector("name")).getDataBuffer()
              .memoryAddress());
          assertEquals(batch.size(), out.getRowCount());
          BigIntVector id = (BigIntVector) out.getVector("id");
          VarCharVector name = (VarCharVector) out.getVector("name");
          for (int i = 0; i < out.getRowCount(); i++) {
            long v = id.get(i);
            assertEquals(rowsSeen + i, v);
            idSum += v;
            if (v % 5 == 0) {
              assertTrue(name.isNull(i));
              nulls++;
            } else {
              assertEquals("n" + v, new String(name.get(i), java.nio.charset.StandardCharsets.UTF_8));
            }
          }
          rowsSeen += batch.size();
          batch.release();
        }
      }
      assertEquals(1000, rowsSeen);
      assertEquals(999L * 1000 / 2, idSum);
      assertEquals(200, nulls);
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void aFilterThatSelectsRowsGetsCopiedColumnsAndNoVectors() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", SCHEMA);
      t.appendRecords(rows(1000));
      List<Field> fields = SCHEMA.fields();
      int selected = 0;
      try (NativeFileReader reader = open(allocator, t, fields, Expressions.lessThan("id", 450), 1)) {
        while (reader.hasNext()) {
          ColumnBatch batch = reader.next();
          assertNull(batch.vector(0));
          assertNull(batch.vector(1));
          for (int i = 0; i < batch.size(); i++) {
            assertEquals(selected + i, batch.column(0).getInt(batch.row(i)));
          }
          selected += batch.size();
        }
      }
      assertEquals(450, selected);
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void anUntakenHandedOverBatchConvertsOnDemandAndReleasesItsMemory() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", SCHEMA);
      t.appendRecords(rows(1000));
      try (NativeFileReader reader = open(allocator, t, SCHEMA.fields(), Expressions.alwaysTrue(), 1)) {
        assertTrue(reader.hasNext());
        ColumnBatch batch = reader.next();
        assertEquals(300, batch.size());
        assertEquals(299, batch.column(0).getInt(299));
        assertTrue(batch.column(1).isNull(295));
        assertEquals("n298", new String((byte[]) batch.column(1).getObject(298),
            java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(allocator.getAllocatedMemory() > 0);
        batch.release();
        batch.release(); // a second release is harmless
        assertEquals(0, batch.vector(0).getValueCount());
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
