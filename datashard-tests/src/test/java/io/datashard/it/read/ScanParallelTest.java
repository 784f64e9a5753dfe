package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel reads return every row once, and closing a reader early releases everything. */
class ScanParallelTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("tag", Types.STRING)
      .build();

  @TempDir Path root;

  private static Table table(Warehouse wh) {
    Table t = wh.createTable("par", SCHEMA);
    for (int f = 0; f < 12; f++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", f * 3000L + i);
        r.put("tag", "t" + (i % 7));
        rows.add(r);
      }
      t.appendRecords(rows);
    }
    return t;
  }

  private static long scanThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("datashard-scan-") && t.isAlive()).count();
  }

  @Test
  void parallelReadsReturnEveryRowExactlyOnce() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = table(wh);
      List<Long> ids = t.scan().parallelism(4).batchSize(500).toRecords().stream()
          .map(r -> (Long) r.get("id")).sorted().collect(Collectors.toList());
      assertEquals(36_000, ids.size());
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(i, ids.get(i).longValue());
      }
      assertEquals(0, scanThreads());
    }
  }

  @Test
  void closingAnArrowReaderEarlyStopsWorkersAndFreesAllMemory() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = table(wh);
      try (ArrowReader reader = t.scan().parallelism(4).batchSize(100).toArrow(allocator)) {
        assertTrue(reader.loadNextBatch());
        assertEquals(100, reader.getVectorSchemaRoot().getRowCount());
      }
      assertEquals(0, scanThreads());
      assertEquals(0, allocator.getAllocatedMemory());
      try (VectorSchemaRoot all = t.scan().parallelism(3).toArrowTable(allocator)) {
        assertEquals(36_000, all.getRowCount());
        org.apache.arrow.vector.BigIntVector id =
            (org.apache.arrow.vector.BigIntVector) all.getVector("id");
        long sum = 0;
        for (int i = 0; i < id.getValueCount(); i++) {
          sum += id.get(i);
        }
        assertEquals(36_000L * 35_999 / 2, sum);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
