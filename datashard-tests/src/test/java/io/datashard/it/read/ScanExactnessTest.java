package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.NativeReader;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random projections x random filters x every snapshot of a random table (every primitive type,
 * nulls, NaN, signed zeros, long strings, several snapshots of several files each): toRecords and
 * toArrow return exactly the rows a plain reference evaluation of the written rows returns, with
 * the native (arrow-dataset) reader forced and with the pure-Java reader forced, and both give the
 * same Arrow schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanExactnessTest {
  private static final long SEED = 20240229L;
  private static final int SCANS = 150;

  @TempDir static Path root;
  private Warehouse warehouse;
  private Table table;
  private final List<Snapshot> snapshots = new ArrayList<>();
  private final List<List<Map<String, Object>>> rowsAt = new ArrayList<>();

  @BeforeAll
  void writeTable() {
    warehouse = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.TARGET_FILE_SIZE_BYTES, "1024").build());
    table = warehouse.createTable("random", RandomTables.SCHEMA);
    Random rnd = new Random(SEED);
    List<Map<String, Object>> all = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      List<Map<String, Object>> batch = RandomTables.rows(rnd, all.size(), 400 + rnd.nextInt(800));
      snapshots.add(table.appendRecords(batch));
      all.addAll(batch);
      rowsAt.add(List.copyOf(all));
    }
    assertTrue(table.scan().planFiles().size() >= 4, "files: " + table.scan().planFiles().size());
  }

  @AfterAll
  void close() {
    warehouse.close();
  }

  @Test
  void everyReadPathReturnsExactlyTheReferenceRowsWithEitherReader() throws Exception {
    Random rnd = new Random(SEED + 1);
    int nonEmpty = 0;
    long nativeFiles = 0;
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int n = 0; n < SCANS; n++) {
        int snap = rnd.nextInt(snapshots.size());
        List<String> columns = projection(rnd);
        Expression filter = randomFilter(rnd, 0);
        TableScan base = table.scan()
            .useSnapshot(snapshots.get(snap).snapshotId())
            .select(columns.toArray(new String[0]))
            .filter(filter)
            .batchSize(1 + rnd.nextInt(700))
            .parallelism(1 + rnd.nextInt(3));
        List<String> expected = expected(rowsAt.get(snap), columns, filter);
        org.apache.arrow.vector.types.pojo.Schema javaSchema = null;
        for (NativeReader mode : List.of(NativeReader.DISABLED, NativeReader.REQUIRED)) {
          TableScan scan = base.nativeReader(mode);
          String what = "scan " + n + " (" + mode + "): snapshot " + snap + ", columns "
              + columns + ", filter " + filter;
          assertEquals(expected, canonical(scan.toRecords()), what + " (toRecords)");
          ScanReport report = scan.report();
          assertEquals(expected.size(), report.rowsReturned(), what + " (report)");
          if (mode == NativeReader.DISABLED) {
            assertEquals(0, report.filesReadNative(), what + ": " + report);
          } else {
            // Forced native: every file read natively except those whose row groups the
            // filter's statistics skip entirely (nothing left to read).
            assertEquals(report.filesRead(), report.filesReadNative()
                + report.javaReadReasons().getOrDefault(
                    "row-group statistics skip every row group", 0L), what + ": " + report);
            nativeFiles += report.filesReadNative();
          }
          org.apache.arrow.vector.types.pojo.Schema[] schema = {null};
          assertEquals(expected, canonical(arrowRows(scan, allocator, schema)),
              what + " (toArrow)");
          if (javaSchema == null) {
            javaSchema = schema[0];
          } else {
            assertEquals(javaSchema, schema[0], what + ": Arrow schema differs between readers");
          }
          assertEquals(expected.size(), scan.count(), what + " (count)");
          assertEquals(expected.size(), scan.statistics().rowCount(), what + " (statistics)");
          assertEquals(0, allocator.getAllocatedMemory(), what + ": Arrow memory leaked");
        }
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
    }
    assertTrue(nonEmpty > SCANS / 4, "too few scans matched any row: " + nonEmpty);
    assertTrue(nativeFiles > SCANS, "the native reader read only " + nativeFiles + " files");
  }

  private List<Map<String, Object>> arrowRows(TableScan scan, BufferAllocator allocator,
      org.apache.arrow.vector.types.pojo.Schema[] schemaOut) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ArrowReader reader = scan.toArrow(allocator)) {
      schemaOut[0] = reader.getVectorSchemaRoot().getSchema();
      while (reader.loadNextBatch()) {
        rows.addAll(ArrowValues.rows(reader.getVectorSchemaRoot(), scan.schema()));
      }
    }
    return rows;
  }

  private static List<String> expected(List<Map<String, Object>> rows, List<String> columns,
      Expression filter) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (ReferenceFilter.matches(filter, row)) {
        Map<String, Object> projected = new java.util.LinkedHashMap<>();
        for (String c : columns) {
          projected.put(c, row.get(c));
        }
        out.add(ArrowValues.canonical(projected));
      }
    }
    Collections.sort(out);
    return out;
  }

  private static List<String> canonical(List<Map<String, Object>> rows) {
    return rows.stream().map(ArrowValues::canonical).sorted().collect(Collectors.toList());
  }

  private static List<String> projection(Random rnd) {
    List<String> names = new ArrayList<>(RandomTables.SCHEMA.columnNames());
    Collections.shuffle(names, rnd);
    return names.subList(0, 1 + rnd.nextInt(names.size()));
  }

  private static Expression randomFilter(Random rnd, int depth) {
    int pick = rnd.nextInt(depth >= 2 ? 6 : 10);
    if (pick >= 6) {
      Expression a = randomFilter(rnd, depth + 1);
      Expression b = randomFilter(rnd, depth + 1);
      switch (pick) {
        case 6:
          return Expressions.and(a, b);
        case 7:
          return Expressions.or(a, b);
        case 8:
          return Expressions.not(a);
        default:
          return Expressions.and(Expressions.not(a), Expressions.or(a, b));
      }
    }
    return randomPredicate(rnd);
  }

  private static Expression randomPredicate(Random rnd) {
    Schema schema = RandomTables.SCHEMA;
    Field f = schema.fields().get(rnd.nextInt(schema.fields().size()));
    PrimitiveType type = (PrimitiveType) f.type();
    String c = f.name();
    Object v = literal(rnd, type);
    switch (rnd.nextInt(12)) {
      case 0:
        return Expressions.equal(c, v);
      case 1:
        return Expressions.notEqual(c, v);
      case 2:
        return Expressions.lessThan(c, v);
      case 3:
        return Expressions.lessThanOrEqual(c, v);
      case 4:
        return Expressions.greaterThan(c, v);
      case 5:
        return Expressions.greaterThanOrEqual(c, v);
      case 6:
        return Expressions.in(c, v, literal(rnd, type), literal(rnd, type));
      case 7:
        return Expressions.notIn(c, v, literal(rnd, type));
      case 8:
        return Expressions.isNull(c);
      case 9:
        return Expressions.notNull(c);
      default:
        if (type.typeId() == io.datashard.types.TypeId.STRING) {
          String s = (String) v;
          return Expressions.startsWith(c, s.substring(0, rnd.nextInt(s.length() + 1)));
        }
        return Expressions.equal(c, v);
    }
  }

  private static Object literal(Random rnd, PrimitiveType type) {
    Object v;
    do {
      v = RandomTables.value(rnd, type);
    } while ((v instanceof Double && ((Double) v).isNaN())
        || (v instanceof Float && ((Float) v).isNaN()));
    return v;
  }
}
