package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.types.PrimitiveType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.BinaryUtil;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.UnicodeUtil;

/**
 * The data-file half of the interoperability checks: Iceberg plans a snapshot's files, and each
 * file's counts and bounds must be those of the rows Iceberg reads from it.
 */
final class FileMetrics {
  /** Iceberg's default metrics mode is truncate(16). */
  static final int TRUNCATE_LENGTH = 16;

  private FileMetrics() {}

  /** The live data files of a snapshot as Iceberg plans them, column stats included. */
  static List<org.apache.iceberg.DataFile> planFiles(org.apache.iceberg.Table ice, long snapshot) {
    List<org.apache.iceberg.DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        ice.newScan().useSnapshot(snapshot).includeColumnStats().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /**
   * Every data file of the snapshot is Parquet, and its record count, value, null and NaN counts,
   * column sizes and bounds (decoded with Iceberg's {@link Conversions}) are those of the rows
   * Iceberg reads from the file, bounds truncated as Iceberg's truncate(16) does.
   */
  static void assertFileMetrics(org.apache.iceberg.Table ice, long snapshotId) {
    org.apache.iceberg.Schema schema = ice.schema();
    for (org.apache.iceberg.DataFile file : planFiles(ice, snapshotId)) {
      String at = file.location();
      assertEquals(FileFormat.PARQUET, file.format(), at + " format");
      List<Record> rows = readFile(ice, schema, file.location());
      assertEquals(rows.size(), file.recordCount(), at + " record count");
      for (Types.NestedField f : schema.columns()) {
        assertColumnMetrics(file, f, rows, at + " column " + f.name());
      }
    }
  }

  private static void assertColumnMetrics(
      org.apache.iceberg.DataFile file, Types.NestedField f, List<Record> rows, String at) {
    Type.PrimitiveType type = f.type().asPrimitiveType();
    Comparator<Object> order = order(type);
    boolean floating = type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
    long nulls = 0;
    long nans = 0;
    Object min = null;
    Object max = null;
    for (Record r : rows) {
      Object v = internal(r.getField(f.name()));
      if (v == null) {
        nulls++;
      } else if (floating && Double.isNaN(((Number) v).doubleValue())) {
        nans++;
      } else {
        min = min == null || order.compare(v, min) < 0 ? v : min;
        max = max == null || order.compare(v, max) > 0 ? v : max;
      }
    }
    int id = f.fieldId();
    assertEquals(rows.size(), file.valueCounts().get(id), at + " value count");
    assertEquals(nulls, file.nullValueCounts().get(id), at + " null count");
    if (floating) {
      assertEquals(nans, file.nanValueCounts().get(id), at + " NaN count");
    }
    assertTrue(file.columnSizes().get(id) > 0, at + " column size");
    assertBound(type, truncate(type, min, false), file.lowerBounds().get(id), at + " lower bound");
    assertBound(type, truncate(type, max, true), file.upperBounds().get(id), at + " upper bound");
  }

  /**
   * Iceberg's value order, except for uuid: Iceberg-Java 1.12's comparator orders UUIDs as
   * {@link UUID#compareTo} does (signed longs, apache/iceberg#14216), while the Parquet spec and
   * RFC 9562 order them as unsigned bytes, and Parquet's statistics (so Iceberg's own writer's
   * bounds) follow the latter. The bounds are checked against the unsigned order.
   */
  @SuppressWarnings("unchecked")
  static Comparator<Object> order(Type.PrimitiveType type) {
    if (type.typeId() == Type.TypeID.UUID) {
      return (a, b) -> {
        UUID x = (UUID) a;
        UUID y = (UUID) b;
        int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        return c != 0
            ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
      };
    }
    return (Comparator<Object>) Comparators.forType(type);
  }

  private static void assertBound(Type.PrimitiveType type, Object expected, ByteBuffer actual,
      String at) {
    if (expected == null) {
      assertNull(actual, at + " should be absent");
      return;
    }
    assertNotNull(actual, at + " missing");
    Object decoded = Conversions.fromByteBuffer(type, actual);
    if (decoded instanceof CharSequence) {
      decoded = decoded.toString();
    }
    if (expected instanceof ByteBuffer) {
      assertEquals(HexFormat.of().formatHex(Interop.bytes((ByteBuffer) expected)),
          HexFormat.of().formatHex(Interop.bytes((ByteBuffer) decoded)), at);
    } else {
      assertEquals(expected, decoded, at);
    }
  }

  private static Object truncate(Type.PrimitiveType type, Object v, boolean upper) {
    if (v == null) {
      return null;
    }
    if (type.typeId() == Type.TypeID.STRING) {
      String s = v.toString();
      return upper
          ? UnicodeUtil.truncateStringMax(s, TRUNCATE_LENGTH)
          : UnicodeUtil.truncateStringMin(s, TRUNCATE_LENGTH);
    }
    if (type.typeId() == Type.TypeID.BINARY) {
      ByteBuffer b = (ByteBuffer) v;
      return upper
          ? BinaryUtil.truncateBinaryMax(b, TRUNCATE_LENGTH)
          : BinaryUtil.truncateBinaryMin(b, TRUNCATE_LENGTH);
    }
    return v;
  }

  /** A generic value in Iceberg's internal representation (the one comparators and bounds use). */
  static Object internal(Object v) {
    if (v instanceof LocalDate) {
      return DateTimeUtil.daysFromDate((LocalDate) v);
    } else if (v instanceof LocalTime) {
      return DateTimeUtil.microsFromTime((LocalTime) v);
    } else if (v instanceof LocalDateTime) {
      return DateTimeUtil.microsFromTimestamp((LocalDateTime) v);
    } else if (v instanceof OffsetDateTime) {
      return DateTimeUtil.microsFromTimestamptz((OffsetDateTime) v);
    } else if (v instanceof byte[]) {
      return ByteBuffer.wrap((byte[]) v);
    }
    return v;
  }

  static List<Record> readFile(
      org.apache.iceberg.Table ice, org.apache.iceberg.Schema schema, String location) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = Parquet.read(ice.io().newInputFile(location))
        .project(schema)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
        .build()) {
      it.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
