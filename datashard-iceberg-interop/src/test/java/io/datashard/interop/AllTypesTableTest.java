package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.types.PrimitiveType;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Iceberg reads a DataShard table with every supported type, each as a required and an optional
 * column, holding boundary values (extreme numbers, infinities, NaN, -0.0, pre-1970 and year-1
 * dates and timestamps, supplementary characters, 0xFF bytes, strings and bytes longer than the
 * 16-unit bound truncation) and nulls, over several snapshots.
 */
class AllTypesTableTest extends IcebergReadsDataShardContract {
  /** One column type: its DataShard type, and the values it cycles through (input, as read). */
  private record Column(String name, PrimitiveType type, List<Object[]> values) {}

  private static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

  private static final List<Column> COLUMNS = List.of(
      col("bool", Types.BOOLEAN, v(true), v(false)),
      col("int", Types.INT, v(Integer.MIN_VALUE), v(Integer.MAX_VALUE), v(0), v(-1),
          v((short) 7, 7)),
      col("long", Types.LONG, v(Long.MIN_VALUE), v(Long.MAX_VALUE), v(0L), v(-1L), v(42, 42L)),
      col("float", Types.FLOAT, v(-Float.MAX_VALUE), v(Float.MAX_VALUE), v(Float.MIN_VALUE),
          v(-0.0f), v(0.0f), v(Float.POSITIVE_INFINITY), v(Float.NEGATIVE_INFINITY),
          v(Float.NaN), v(1.5f)),
      col("double", Types.DOUBLE, v(-Double.MAX_VALUE), v(Double.MAX_VALUE), v(Double.MIN_VALUE),
          v(-0.0d), v(0.0d), v(Double.POSITIVE_INFINITY), v(Double.NEGATIVE_INFINITY),
          v(Double.NaN), v(2.5f, 2.5d)),
      col("dec9", Types.decimal(9, 2), v(dec("-9999999.99")), v(dec("9999999.99")),
          v(dec("0.00")), v(dec("5"), dec("5.00")), v(dec("-0.01"))),
      col("dec18", Types.decimal(18, 4), v(dec("-99999999999999.9999")),
          v(dec("99999999999999.9999")), v(dec("0.0001")), v(dec("-3.5"), dec("-3.5000"))),
      col("dec38", Types.decimal(38, 10), v(dec("-9999999999999999999999999999.9999999999")),
          v(dec("9999999999999999999999999999.9999999999")), v(dec("0E-10")),
          v(dec("-0.0000000001")), v(dec("123456789012345678.5"),
              dec("123456789012345678.5000000000"))),
      col("date", Types.DATE, v(LocalDate.of(1, 1, 1)), v(LocalDate.of(1969, 12, 31)),
          v(LocalDate.of(1900, 2, 28)), v(LocalDate.of(1970, 1, 1)),
          v(LocalDate.of(9999, 12, 31))),
      col("time", Types.TIME, v(LocalTime.MIDNIGHT), v(LocalTime.of(23, 59, 59, 999_999_000)),
          v(LocalTime.of(12, 34, 56, 789_012_345), LocalTime.of(12, 34, 56, 789_012_000))),
      col("ts", Types.TIMESTAMP, v(LocalDateTime.of(1, 1, 1, 0, 0)),
          v(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)),
          v(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
          v(LocalDateTime.of(1970, 1, 1, 0, 0)),
          v(LocalDateTime.of(2020, 2, 29, 1, 2, 3, 123_456_789),
              LocalDateTime.of(2020, 2, 29, 1, 2, 3, 123_456_000))),
      col("tstz", Types.TIMESTAMPTZ,
          v(Instant.parse("1969-12-31T23:59:59.999999Z"),
              OffsetDateTime.parse("1969-12-31T23:59:59.999999Z")),
          v(OffsetDateTime.of(2024, 1, 1, 5, 30, 0, 0, IST),
              OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
          v(ZonedDateTime.of(1950, 6, 1, 12, 0, 0, 0, ZoneId.of("America/New_York")),
              OffsetDateTime.of(1950, 6, 1, 16, 0, 0, 0, ZoneOffset.UTC)),
          v(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
          v(OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC))),
      col("str", Types.STRING, v(""), v("a"), v("h\u00e9llo w\u00f6rld"), v("\ud83d\ude00 smile"),
          v("\ufffd"), v("x".repeat(40)), v("\ud83d\ude00".repeat(20)), v("\u65e5\u672c\u8a9e"),
          v(new StringBuilder("built"), "built")),
      col("uuid", Types.UUID, v(new UUID(0, 0)), v(new UUID(-1, -1)),
          v(UUID.fromString("80000000-0000-0000-0000-000000000000")),
          v(UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff")),
          v(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))),
      col("fixed", Types.fixed(16), v(bytes(16, 0x00)), v(bytes(16, 0xFF)),
          v(prefixed(16, 0x80)), v(prefixed(16, 0x7F)), v(seq(16))),
      col("bin", Types.BINARY, v(new byte[0]), v(new byte[] {0}), v(bytes(20, 0xFF)),
          v(seq(32)), v(new byte[] {(byte) 0x80}), v(bytes(3, 0xFF))));

  @Override
  Table fill(Warehouse warehouse) {
    Schema.Builder schema = Schema.builder();
    for (Column c : COLUMNS) {
      schema.required("req_" + c.name(), c.type());
    }
    for (Column c : COLUMNS) {
      schema.optional("opt_" + c.name(), c.type(), "optional " + c.name());
    }
    Table t = warehouse.createTable("all_types", schema.build());
    int longest = COLUMNS.stream().mapToInt(c -> c.values().size()).max().orElseThrow();
    commit(t, 0, longest);                                  // every boundary value once
    commit(t, 1000, 60);                                    // a mixture, nulls every third row
    commit(t, 2000, 1);                                     // optional columns all null
    Random random = new Random(7);
    commit(t, 3000 + random.nextInt(1000), 25);
    return t;
  }

  /** Appends {@code count} rows made from row numbers {@code first...} and records them. */
  private void commit(Table t, int first, int count) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    List<Map<String, Object>> reads = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      Map<String, Object> in = new LinkedHashMap<>();
      Map<String, Object> out = new LinkedHashMap<>();
      for (Column c : COLUMNS) {
        Object[] req = c.values().get(i % c.values().size());
        in.put("req_" + c.name(), req[0]);
        out.put("req_" + c.name(), req[1]);
      }
      boolean allNull = first == 2000;
      for (Column c : COLUMNS) {
        Object[] opt = c.values().get((i + 1) % c.values().size());
        boolean isNull = allNull || i % 3 == 1;
        in.put("opt_" + c.name(), isNull ? null : opt[0]);
        out.put("opt_" + c.name(), isNull ? null : opt[1]);
      }
      inputs.add(in);
      reads.add(out);
    }
    Snapshot s = t.appendRecords(inputs);
    expectAppended(s, reads);
  }

  @Test
  void tableHasFourSnapshotsOverThirtyTwoColumns() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    assertEquals(32, ice.schema().columns().size());
    assertEquals(4, table.snapshots().size());
    assertEquals(9 + 60 + 1 + 25,
        Interop.icebergRows(ice, ice.currentSnapshot().snapshotId()).size());
  }

  @Test
  void icebergDropsTheUpperBoundOfABinaryColumnWhoseMaximumCannotBeTruncated() {
    // The largest "bin" value is twenty 0xFF bytes: no 16-byte value is >= it, so no upper bound
    // may be written (an upper bound of sixteen 0xFF bytes would be wrong).
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    int id = ice.schema().findField("req_bin").fieldId();
    List<org.apache.iceberg.DataFile> files =
        FileMetrics.planFiles(ice, ice.currentSnapshot().snapshotId());
    assertEquals(4, files.size());
    // Each of the four appends holds a row whose req_bin is that value.
    assertEquals(4, files.stream().filter(f -> f.upperBounds().get(id) == null).count());
    assertEquals(4, files.stream().filter(f -> f.lowerBounds().get(id) != null).count());
  }

  private static Column col(String name, PrimitiveType type, Object[]... values) {
    return new Column(name, type, Arrays.asList(values));
  }

  private static Object[] v(Object same) {
    return new Object[] {same, same};
  }

  private static Object[] v(Object input, Object read) {
    return new Object[] {input, read};
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  private static byte[] bytes(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] prefixed(int n, int first) {
    byte[] b = new byte[n];
    b[0] = (byte) first;
    return b;
  }

  private static byte[] seq(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }
}
