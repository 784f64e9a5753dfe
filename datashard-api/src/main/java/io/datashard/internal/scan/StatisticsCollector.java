package io.datashard.internal.scan;

import io.datashard.ColumnStatistics;
import io.datashard.DataFile;
import io.datashard.ScanStatistics;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.JavaValues;
import io.datashard.internal.data.SingleValueSerialization;
import io.datashard.internal.read.ColumnBatch;
import io.datashard.internal.read.ColumnData;
import io.datashard.internal.read.Kind;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import io.datashard.types.TypeId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link ScanStatistics}: from the data files' manifest metrics alone (sums of counts, the
 * smallest lower and largest upper bound), or from the matching rows of a read.
 */
final class StatisticsCollector {
  private StatisticsCollector() {}

  /** Statistics of every row of these files, from their manifest metrics only. */
  static ScanStatistics fromMetadata(List<Field> columns, List<DataFile> files) {
    long rows = 0;
    for (DataFile f : files) {
      rows += f.recordCount();
    }
    List<ColumnStatistics> out = new ArrayList<>();
    for (Field field : columns) {
      out.add(columnFromMetadata(field, files));
    }
    return new ScanStatistics(rows, true, out);
  }

  private static ColumnStatistics columnFromMetadata(Field field, List<DataFile> files) {
    int id = field.id();
    PrimitiveType type = (PrimitiveType) field.type();
    Kind kind = Kind.of(type);
    Long values = 0L;
    Long nulls = 0L;
    Long nans = kind.isFloating() ? 0L : null;
    boolean boundsKnown = true;
    Object lowerKind = null;
    Object lower = null;
    Object upperKind = null;
    Object upper = null;
    for (DataFile file : files) {
      Long vc = get(file.valueCounts(), id);
      Long nc = get(file.nullValueCounts(), id);
      Long nan = kind.isFloating() ? get(file.nanValueCounts(), id) : Long.valueOf(0);
      values = sum(values, vc);
      nulls = sum(nulls, nc);
      if (kind.isFloating()) {
        nans = sum(nans, nan);
      }
      boolean noValues = vc != null && nc != null && nan != null && vc - nc - nan == 0;
      if (noValues || !boundsKnown) {
        continue; // a file with only nulls and NaN has no bounds, rightly
      }
      Object lo = bound(type, file.lowerBounds(), id);
      Object hi = bound(type, file.upperBounds(), id);
      if (lo == null || hi == null || kind.isNaN(Kind.fromInternal(type, lo))
          || kind.isNaN(Kind.fromInternal(type, hi))) {
        boundsKnown = false; // missing (metrics off, other engines) or an old writer's NaN
        continue;
      }
      Object loKind = Kind.fromInternal(type, lo);
      Object hiKind = Kind.fromInternal(type, hi);
      if (lowerKind == null || kind.compare(loKind, lowerKind) < 0) {
        lowerKind = loKind;
        lower = lo;
      }
      if (upperKind == null || kind.compare(hiKind, upperKind) > 0) {
        upperKind = hiKind;
        upper = hi;
      }
    }
    TypeId t = type.typeId();
    boolean truncatable = t == TypeId.STRING || t == TypeId.BINARY || t == TypeId.FIXED;
    return new ColumnStatistics(field.name(), values, nulls, nans,
        boundsKnown ? JavaValues.toJava(type, lower) : null,
        boundsKnown ? JavaValues.toJava(type, upper) : null,
        !truncatable);
  }

  private static Long get(Map<Integer, Long> m, int id) {
    return m == null ? null : m.get(id);
  }

  /** A running sum that becomes unknown (null) once any part is unknown. */
  private static Long sum(Long total, Long part) {
    return total == null || part == null ? null : total + part;
  }

  private static Object bound(PrimitiveType type, Map<Integer, ByteBuffer> m, int id) {
    ByteBuffer b = m == null ? null : m.get(id);
    return b == null ? null : SingleValueSerialization.fromBytes(type, b.duplicate());
  }

  /** Exact statistics of the rows of these batches (the first columns are {@code columns}). */
  static ScanStatistics fromRows(List<Field> columns, CloseableIterator<ColumnBatch> batches) {
    int n = columns.size();
    long rows = 0;
    long[] nulls = new long[n];
    long[] nans = new long[n];
    Object[] min = new Object[n];
    Object[] max = new Object[n];
    Kind[] kinds = new Kind[n];
    for (int c = 0; c < n; c++) {
      kinds[c] = Kind.of((PrimitiveType) columns.get(c).type());
    }
    while (batches.hasNext()) {
      ColumnBatch batch = batches.next();
      rows += batch.size();
      for (int c = 0; c < n; c++) {
        ColumnData col = batch.column(c);
        Kind kind = kinds[c];
        for (int i = 0; i < batch.size(); i++) {
          Object v = col.get(batch.row(i));
          if (v == null) {
            nulls[c]++;
          } else if (kind.isNaN(v)) {
            nans[c]++;
          } else {
            if (min[c] == null || kind.compare(v, min[c]) < 0) {
              min[c] = v;
            }
            if (max[c] == null || kind.compare(v, max[c]) > 0) {
              max[c] = v;
            }
          }
        }
      }
    }
    List<ColumnStatistics> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      Field f = columns.get(c);
      PrimitiveType type = (PrimitiveType) f.type();
      out.add(new ColumnStatistics(f.name(), rows, nulls[c],
          kinds[c].isFloating() ? Long.valueOf(nans[c]) : null,
          kindToJava(type, min[c]), kindToJava(type, max[c]), true));
    }
    return new ScanStatistics(rows, false, out);
  }

  /** The read-side Java value of a kind-form value. */
  private static Object kindToJava(PrimitiveType type, Object v) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case DECIMAL:
        return v instanceof Long ? BigDecimal.valueOf((Long) v, type.scale())
            : new BigDecimal((BigInteger) v, type.scale());
      case STRING:
        return new String((byte[]) v, StandardCharsets.UTF_8);
      case UUID:
        ByteBuffer b = ByteBuffer.wrap((byte[]) v);
        return new UUID(b.getLong(0), b.getLong(8));
      case FIXED:
      case BINARY:
        return ((byte[]) v).clone();
      default:
        return JavaValues.toJava(type, v);
    }
  }
}
