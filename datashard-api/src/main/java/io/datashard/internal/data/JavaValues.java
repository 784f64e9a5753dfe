package io.datashard.internal.data;

import io.datashard.types.PrimitiveType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Converts internal storage values (as produced by {@link RecordConverter}) to the Java values
 * the read side returns, as documented in {@link io.datashard.types.Types}.
 */
public final class JavaValues {
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private JavaValues() {}

  /** The read-side Java value of an internal value; null stays null. */
  public static Object toJava(PrimitiveType type, Object internal) {
    if (internal == null) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return LocalDate.ofEpochDay((Integer) internal);
      case TIME:
        return LocalTime.ofNanoOfDay((Long) internal * 1000L);
      case TIMESTAMP:
        return localDateTime((Long) internal);
      case TIMESTAMPTZ:
        return localDateTime((Long) internal).atOffset(ZoneOffset.UTC);
      default:
        // Every other internal value is already its read-side value (byte[] for fixed and binary,
        // BigDecimal with the column's scale, UUID, String, boxed numbers).
        return internal;
    }
  }

  /** Microseconds since the epoch, read as a UTC wall clock. */
  static LocalDateTime localDateTime(long micros) {
    // floorDiv/floorMod keep pre-1970 values right: -1 µs is 1969-12-31T23:59:59.999999.
    long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
    int nanos = (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000;
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }
}
