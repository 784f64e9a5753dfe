package io.datashard.export;

import io.datashard.types.PrimitiveType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.arrow.vector.FieldVector;

/** The read-side Java value (see {@link io.datashard.types.Types}) of one Arrow vector slot. */
final class ArrowJavaValues {
  private ArrowJavaValues() {}

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
        return o; // Boolean, Integer, Long, Float, Double, BigDecimal, LocalDateTime, byte[]
    }
  }
}
