package io.datashard.internal.read;

import io.datashard.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * How the columnar read path holds the values of a column type, and the one ordering used for
 * filtering and pruning. Values in "kind form":
 *
 * <ul>
 *   <li>BOOLEAN: Boolean; INT (int, date as epoch days): Integer; LONG (long, time, timestamp,
 *       timestamptz as microseconds, decimal up to 18 digits as its unscaled value): Long
 *   <li>FLOAT, DOUBLE: Float, Double, ordered like Float/Double.compare (-0.0 before 0.0)
 *   <li>BYTES (string as UTF-8, uuid as 16 big-endian bytes, fixed, binary): byte[], unsigned
 *       lexicographic order, which for UTF-8 is Unicode code point order
 *   <li>BIGINT (decimal of 19 to 38 digits): its unscaled BigInteger
 * </ul>
 */
public enum Kind {
  BOOLEAN,
  INT,
  LONG,
  FLOAT,
  DOUBLE,
  BYTES,
  BIGINT;

  /** The kind a table type is read as. */
  public static Kind of(PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return BOOLEAN;
      case INT:
      case DATE:
        return INT;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return LONG;
      case DECIMAL:
        return type.precision() <= 18 ? LONG : BIGINT;
      case FLOAT:
        return FLOAT;
      case DOUBLE:
        return DOUBLE;
      default:
        return BYTES;
    }
  }

  /** True for FLOAT and DOUBLE, whose values may be NaN. */
  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE;
  }

  /** Orders two non-null values of this kind. */
  public int compare(Object a, Object b) {
    switch (this) {
      case BOOLEAN:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case INT:
        return Integer.compare((Integer) a, (Integer) b);
      case LONG:
        return Long.compare((Long) a, (Long) b);
      case FLOAT:
        return Float.compare((Float) a, (Float) b);
      case DOUBLE:
        return Double.compare((Double) a, (Double) b);
      case BYTES:
        return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      default:
        return ((BigInteger) a).compareTo((BigInteger) b);
    }
  }

  /** True if a non-null value of this kind is NaN. */
  public boolean isNaN(Object v) {
    return (this == FLOAT && ((Float) v).isNaN()) || (this == DOUBLE && ((Double) v).isNaN());
  }

  /** The kind form of an internal value (as RecordConverter and the manifest bounds hold it). */
  public static Object fromInternal(PrimitiveType type, Object internal) {
    switch (type.typeId()) {
      case DECIMAL:
        BigInteger unscaled = ((BigDecimal) internal).setScale(type.scale()).unscaledValue();
        return type.precision() <= 18 ? (Object) unscaled.longValue() : unscaled;
      case STRING:
        return ((String) internal).getBytes(StandardCharsets.UTF_8);
      case UUID:
        UUID u = (UUID) internal;
        return ByteBuffer.allocate(16)
            .putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits())
            .array();
      default:
        return internal; // Boolean, Integer, Long, Float, Double, byte[]
    }
  }
}
