package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.ColumnStatistics;
import io.datashard.DataShardConfig;
import io.datashard.ScanReport;
import io.datashard.ScanStatistics;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import io.datashard.expressions.Expressions;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row counts and column statistics come from the manifests alone when no filter needs the data
 * (no data file is opened), and from the matching rows otherwise.
 */
class ScanStatisticsTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("score", Types.DOUBLE)
      .optional("name", Types.STRING)
      .optional("amount", Types.decimal(10, 2))
      .optional("day", Types.DATE)
      .build();

  @TempDir Path root;

  /** Rows first..first+count-1: score null every 5th, NaN every 7th; name longer than 16. */
  private static List<Map<String, Object>> rows(long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("score", id % 5 == 0 ? null : id % 7 == 0 ? Double.NaN : id * 0.5);
      r.put("name", String.format("customer-name-number-%05d", id));
      r.put("amount", id % 3 == 0 ? null : BigDecimal.valueOf(id * 100 + 1, 2));
      r.put("day", LocalDate.of(2024, 1, 1).plusDays(id));
      rows.add(r);
    }
    return rows;
  }

  private Table twoFiles(Warehouse wh) {
    Table t = wh.createTable("t", SCHEMA);
    t.appendRecords(rows(1, 100)); // ids 1..100
    t.appendRecords(rows(101, 100)); // ids 101..200
    return t;
  }

  @Test
  void withoutAFilterEveryStatisticComesFromTheManifests() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      TableScan scan = twoFiles(wh).scan();
      ScanStatistics s = scan.statistics();
      assertTrue(s.fromMetadata());
      assertEquals(200, s.rowCount());
      ScanReport r = scan.report();
      assertEquals(0, r.filesRead());
      assertEquals(0, r.bytesRead());
      assertEquals(0, r.rowGroupsConsidered());

      assertStats(s.column("id"), 200L, 0L, null, 1L, 200L, true);
      // 40 multiples of 5 are null; NaN for multiples of 7 that are not of 5 (28 - 5 = 23).
      assertStats(s.column("score"), 200L, 40L, 23L, 0.5, 99.5, true);
      assertStats(s.column("amount"), 200L, 66L, null, new BigDecimal("1.01"),
          new BigDecimal("200.01"), true);
      assertStats(s.column("day"), 200L, 0L, null, LocalDate.of(2024, 1, 2),
          LocalDate.of(2024, 7, 19), true);
      // Strings: the manifests keep 16 characters; the upper bound's last one is incremented.
      assertStats(s.column("name"), 200L, 0L, null, "customer-name-nu", "customer-name-nv",
          false);
      assertEquals(List.of("id", "score", "name", "amount", "day"),
          s.columns().stream().map(ColumnStatistics::name).toList());
    }
  }

  @Test
  void aFilterThatPrunesEveryFileIsAnsweredFromTheManifests() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      TableScan scan = twoFiles(wh).scan().select("id", "score")
          .filter(Expressions.greaterThan("id", 1000L));
      ScanStatistics s = scan.statistics();
      assertTrue(s.fromMetadata());
      assertEquals(0, s.rowCount());
      assertStats(s.column("id"), 0L, 0L, null, null, null, true);
      assertStats(s.column("score"), 0L, 0L, 0L, null, null, true);
      assertEquals(2, scan.report().filesSkipped());
      assertEquals(0, scan.report().filesRead());
    }
  }

  @Test
  void aFilterThatNeedsTheDataReadsOnlyTheFilesItCanMatchAndIsExact() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      TableScan scan = twoFiles(wh).scan().select("name", "score", "amount")
          .filter(Expressions.and(Expressions.greaterThanOrEqual("id", 121L),
              Expressions.lessThanOrEqual("id", 140L)));
      ScanStatistics s = scan.statistics();
      assertFalse(s.fromMetadata());
      assertEquals(20, s.rowCount());
      assertEquals(1, scan.report().filesRead());
      assertEquals(1, scan.report().filesSkipped());
      assertStats(s.column("name"), 20L, 0L, null, "customer-name-number-00121",
          "customer-name-number-00140", true);
      // 125, 130, 135, 140 null; 126, 133 NaN.
      assertStats(s.column("score"), 20L, 4L, 2L, 60.5, 69.5, true);
      // 123, 126, 129, 132, 135, 138 null.
      assertStats(s.column("amount"), 20L, 6L, null, new BigDecimal("121.01"),
          new BigDecimal("140.01"), true);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> s.column("id"));
      assertEquals("No statistics for column 'id': the scan selects [name, score, amount]",
          e.getMessage());
    }
  }

  @Test
  void anEmptyTableHasZeroRowsAndNoBounds() {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      ScanStatistics s = wh.createTable("empty", SCHEMA).scan().statistics();
      assertTrue(s.fromMetadata());
      assertEquals(0, s.rowCount());
      assertStats(s.column("id"), 0L, 0L, null, null, null, true);
    }
  }

  private static void assertStats(ColumnStatistics c, Long values, Long nulls, Long nans,
      Object lower, Object upper, boolean exact) {
    String what = c.toString();
    assertEquals(values, c.valueCount(), what);
    assertEquals(nulls, c.nullCount(), what);
    assertEquals(nans, c.nanCount(), what);
    if (lower == null) {
      assertNull(c.lowerBound(), what);
      assertNull(c.upperBound(), what);
    } else {
      assertEquals(lower, c.lowerBound(), what);
      assertEquals(upper, c.upperBound(), what);
    }
    assertEquals(exact, c.boundsExact(), what);
  }
}
