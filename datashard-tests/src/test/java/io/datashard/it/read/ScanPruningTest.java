package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.expressions.Expressions;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selective filters open only the files and row groups that can match, as the report shows. */
class ScanPruningTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("name", Types.STRING)
      .optional("score", Types.DOUBLE)
      .build();

  @TempDir Path root;

  private static Map<String, Object> row(long id, String name, Double score) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("name", name);
    r.put("score", score);
    return r;
  }

  private static List<Map<String, Object>> range(long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row(first + i, "name-" + (first + i), (double) (first + i)));
    }
    return rows;
  }

  @Test
  void aFilterMatchingOneOfTwentyFilesOpensExactlyThatFile() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("twenty", SCHEMA);
      for (int f = 0; f < 20; f++) {
        t.appendRecords(range(f * 1000L, 1000));
      }
      AtomicReference<ScanReport> heard = new AtomicReference<>();
      List<Map<String, Object>> rows = t.scan()
          .filter(Expressions.equal("id", 7321L))
          .onReport(heard::set)
          .toRecords();
      assertEquals(List.of(row(7321, "name-7321", 7321.0)), rows);
      ScanReport r = heard.get();
      assertEquals(20, r.filesConsidered());
      assertEquals(19, r.filesSkipped());
      assertEquals(1, r.filesRead());
      assertEquals(1, r.rowGroupsConsidered());
      assertEquals(1, r.rowGroupsRead());
      assertEquals(1000, r.rowsDecoded());
      assertEquals(1, r.rowsReturned());

      ScanReport range = reportOf(t.scan().filter(Expressions.and(
          Expressions.greaterThanOrEqual("id", 4500L), Expressions.lessThan("id", 6000L))));
      assertEquals(18, range.filesSkipped());
      assertEquals(2, range.filesRead());
      assertEquals(1500, range.rowsReturned());

      ScanReport none = reportOf(t.scan().filter(Expressions.in("id", -5L, 20_000L)));
      assertEquals(20, none.filesSkipped());
      assertEquals(0, none.filesRead());
      assertEquals(0, none.bytesRead());
    }
  }

  private static ScanReport reportOf(io.datashard.TableScan scan) {
    scan.toRecords();
    return scan.report();
  }

  @Test
  void rowGroupStatisticsSkipRowGroupsThatCannotMatch() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("groups", SCHEMA);
      // One file of many small row groups, ids ascending, so each group covers its own range.
      DataFile file = RowGroupFiles.manySmallRowGroups(wh, "groups", SCHEMA, range(0, 5000));
      t.newAppend().appendFile(file).commit();
      int groups = file.splitOffsets().size();
      assertTrue(groups >= 5, "expected many row groups, got " + groups);

      io.datashard.TableScan one = t.scan().filter(Expressions.equal("id", 4321L));
      assertEquals(List.of(row(4321, "name-4321", 4321.0)), one.toRecords());
      ScanReport r = one.report();
      assertEquals(1, r.filesRead());
      assertEquals(groups, r.rowGroupsConsidered());
      assertEquals(groups - 1, r.rowGroupsSkipped());
      assertEquals(1, r.rowGroupsRead());
      assertEquals(1, r.rowsReturned());
      assertTrue(r.rowsDecoded() < 5000, "decoded " + r.rowsDecoded());

      ScanReport strings = reportOf(t.scan().filter(Expressions.startsWith("name", "name-49")));
      assertEquals(111, strings.rowsReturned()); // 49, 490..499, 4900..4999
      assertTrue(strings.rowGroupsSkipped() > 0, strings.toString());
    }
  }

  @Test
  void onlyProjectedAndFilterColumnsAreFetched() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("narrow", SCHEMA);
      t.appendRecords(range(0, 20_000));
      ScanReport all = reportOf(t.scan());
      ScanReport idOnly = reportOf(t.scan().select("id"));
      ScanReport idFilteredOnScore = reportOf(
          t.scan().select("id").filter(Expressions.greaterThan("score", 19_990.0)));
      assertEquals(20_000, idOnly.rowsReturned());
      assertEquals(9, idFilteredOnScore.rowsReturned());
      assertTrue(idOnly.bytesRead() < all.bytesRead(), idOnly + " vs " + all);
      assertTrue(idOnly.bytesRead() < idFilteredOnScore.bytesRead());
      assertTrue(idFilteredOnScore.bytesRead() < all.bytesRead());
    }
  }

  @Test
  void truncatedStringBoundsNeverHideMatchingRows() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("long_strings", SCHEMA);
      String a = "aaaaaaaaaaaaaaaaaaaa-1"; // longer than the 16 characters bounds keep
      String b = "aaaaaaaaaaaaaaaaaaaa-9";
      t.appendRecords(List.of(row(1, a, 1.0), row(2, b, 2.0)));
      assertEquals(List.of(row(2, b, 2.0)), t.scan().filter(Expressions.equal("name", b))
          .toRecords());
      assertEquals(2, t.scan().filter(Expressions.startsWith("name", "aaaaaaaaaaaaaaaaaaaa-"))
          .count());
      // Above the truncated upper bound "aaaaaaaaaaaaaaab" (16 characters, the last incremented): skipped.
      ScanReport above = reportOf(t.scan().filter(Expressions.equal("name", "aaaaaaaaaaaaaaab!")));
      assertEquals(1, above.filesSkipped());
      assertEquals(0, above.rowsReturned());
    }
  }

  @Test
  void nanAndNullsArePrunedOnlyWhenNoRowCanMatch() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("nan", SCHEMA);
      t.appendRecords(List.of(row(1, null, Double.NaN), row(2, null, null)));
      t.appendRecords(List.of(row(3, "x", 5.0)));
      ScanReport gt = reportOf(t.scan().filter(Expressions.greaterThan("score", 0.0)));
      assertEquals(1, gt.filesSkipped()); // NaN and null never compare greater
      assertEquals(1, gt.rowsReturned());
      io.datashard.TableScan ne = t.scan().filter(Expressions.notEqual("score", 5.0));
      assertEquals(List.of(row(1, null, Double.NaN)), ne.toRecords()); // NaN != 5, null unknown
      assertEquals(1, ne.report().filesSkipped());
      io.datashard.TableScan notGt =
          t.scan().filter(Expressions.not(Expressions.greaterThan("score", 0.0)));
      assertEquals(List.of(row(1, null, Double.NaN)), notGt.toRecords());
      assertEquals(List.of(row(2, null, null)),
          t.scan().filter(Expressions.isNull("score")).toRecords());
      ScanReport nameIsNull = reportOf(t.scan().filter(Expressions.isNull("name")));
      assertEquals(1, nameIsNull.filesSkipped());
      assertEquals(2, nameIsNull.rowsReturned());
    }
  }

  @Test
  void countWithoutFilterComesFromMetadataAlone() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("counted", SCHEMA);
      t.appendRecords(range(0, 700));
      t.appendRecords(range(700, 300));
      io.datashard.TableScan scan = t.scan();
      assertEquals(1000, scan.count());
      assertEquals(0, scan.report().filesRead());
      assertEquals(0, scan.report().bytesRead());
      io.datashard.TableScan filtered = t.scan().filter(Expressions.lessThan("id", 10L));
      assertEquals(10, filtered.count());
      assertEquals(1, filtered.report().filesRead());
    }
  }

  @Test
  void badFiltersNameTheColumnAndTheExpectedType() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("bad", SCHEMA);
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> t.scan().filter(Expressions.equal("nope", 1L)));
      assertEquals("Cannot filter table 'bad': Filter nope == 1 names unknown column 'nope':"
          + " the table's columns are [id, name, score]", unknown.getMessage());
      IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
          () -> t.scan().filter(Expressions.lessThan("id", "7")));
      assertEquals("Cannot filter table 'bad': Filter literal for field 'id' expects long"
          + " (accepts Long, Integer, Short, Byte) but got java.lang.String: 7",
          type.getMessage());
      IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class,
          () -> t.scan().filter(Expressions.startsWith("score", "1")));
      assertTrue(prefix.getMessage().contains("startsWith needs a string column"));
      assertThrows(IllegalArgumentException.class, () -> Expressions.equal("score", Double.NaN));
      assertThrows(IllegalArgumentException.class, () -> Expressions.equal("score", null));
      // An Integer is a valid literal for a long column, as on write.
      assertEquals(0, t.scan().filter(Expressions.equal("id", 7)).count());
    }
  }

  @Test
  void expressionsPrintReadably() {
    assertEquals("(id < 5) and (not(name startsWith \"ab\"))",
        Expressions.and(Expressions.lessThan("id", 5),
            Expressions.not(Expressions.startsWith("name", "ab"))).toString());
    assertEquals("(name in (\"a\", \"b\")) or (score is null)",
        Expressions.or(Expressions.in("name", "a", "b"), Expressions.isNull("score")).toString());
  }
}
