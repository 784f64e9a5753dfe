package io.datashard.it.read;

import io.datashard.Schema;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads Arrow vectors back into the read-side Java values, by the table type of each column. */
final class ArrowValues {
  private ArrowValues() {}

  static List<Map<String, Object>> rows(VectorSchemaRoot root, Schema schema) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Field f : schema.fields()) {
        row.put(f.name(), value((PrimitiveType) f.type(), root.getVector(f.name()), r));
      }
      out.add(row);
    }
    return out;
  }

  static Object value(PrimitiveType type, FieldVector v, int r) {
    if (v.isNull(r)) {
      return null;
    }
    Object o = v.getObject(r);
    switch (type.typeId()) {
      case DATE:
        return LocalDate.ofEpochDay(((Number) o).longValue());
      case TIME:
        return LocalTime.ofNanoOfDay((Long) o * 1000);
      case TIMESTAMP:
        return (LocalDateTime) o;
      case TIMESTAMPTZ:
        long micros = (Long) o;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
            Math.floorMod(micros, 1_000_000L) * 1000).atOffset(ZoneOffset.UTC);
      case STRING:
        return o.toString();
      case UUID:
        ByteBuffer b = ByteBuffer.wrap((byte[]) o);
        return new UUID(b.getLong(0), b.getLong(8));
      default:
        return o; // Boolean, Integer, Long, Float, Double, BigDecimal, byte[]
    }
  }

  /** A stable text form of a row, for comparing multisets of rows. */
  static String canonical(Map<String, Object> row) {
    StringBuilder sb = new StringBuilder();
    row.forEach((k, v) -> {
      sb.append(k).append('=');
      if (v instanceof byte[]) {
        sb.append("0x").append(java.util.HexFormat.of().formatHex((byte[]) v));
      } else if (v != null) {
        sb.append(v.getClass().getSimpleName()).append(':').append(v);
      } else {
        sb.append("null");
      }
      sb.append(';');
    });
    return sb.toString();
  }
}
