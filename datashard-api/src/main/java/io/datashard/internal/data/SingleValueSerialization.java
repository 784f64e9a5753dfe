package io.datashard.internal.data;

import io.datashard.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Iceberg's single-value binary serialization (spec Appendix D), used for column bounds in
 * manifests. Works on internal values (see {@link RecordConverter}):
 *
 * <ul>
 *   <li>boolean: one byte, 0x00 false, 0x01 true (any non-zero byte reads as true)
 *   <li>int, date: 4 bytes little-endian; long, time, timestamp, timestamptz: 8 bytes
 *       little-endian; float, double: IEEE 754 bits, little-endian
 *   <li>decimal: the unscaled value as two's-complement big-endian, in the fewest bytes
 *   <li>string: UTF-8 bytes; uuid: 16 bytes big-endian; fixed, binary: the bytes themselves
 * </ul>
 */
public final class SingleValueSerialization {
  private SingleValueSerialization() {}

  /** Serializes a non-null internal value; the returned buffer is positioned at 0. */
  public static ByteBuffer toBytes(PrimitiveType type, Object internal) {
    switch (type.typeId()) {
      case BOOLEAN:
        return ByteBuffer.wrap(new byte[] {(byte) (((Boolean) internal) ? 1 : 0)});
      case INT:
      case DATE:
        return le(4).putInt(0, (Integer) internal);
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return le(8).putLong(0, (Long) internal);
      case FLOAT:
        return le(4).putFloat(0, (Float) internal);
      case DOUBLE:
        return le(8).putDouble(0, (Double) internal);
      case DECIMAL:
        // BigInteger.toByteArray is exactly the minimal two's-complement big-endian form.
        return ByteBuffer.wrap(((BigDecimal) internal).unscaledValue().toByteArray());
      case STRING:
        return ByteBuffer.wrap(((String) internal).getBytes(StandardCharsets.UTF_8));
      case UUID:
        UUID uuid = (UUID) internal;
        return ByteBuffer.allocate(16)
            .order(ByteOrder.BIG_ENDIAN)
            .putLong(0, uuid.getMostSignificantBits())
            .putLong(8, uuid.getLeastSignificantBits());
      case FIXED:
      case BINARY:
        return ByteBuffer.wrap(((byte[]) internal).clone());
      default:
        throw new IllegalArgumentException("Cannot serialize a value of type " + type);
    }
  }

  /** Reads an internal value; the buffer's position is not changed. */
  public static Object fromBytes(PrimitiveType type, ByteBuffer bytes) {
    ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int p = buf.position();
    switch (type.typeId()) {
      case BOOLEAN:
        return buf.get(p) != 0;
      case INT:
      case DATE:
        return buf.getInt(p);
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return buf.getLong(p);
      case FLOAT:
        return buf.getFloat(p);
      case DOUBLE:
        return buf.getDouble(p);
      case DECIMAL:
        return new BigDecimal(new BigInteger(remaining(buf)), type.scale());
      case STRING:
        return new String(remaining(buf), StandardCharsets.UTF_8);
      case UUID:
        buf.order(ByteOrder.BIG_ENDIAN);
        return new UUID(buf.getLong(p), buf.getLong(p + 8));
      case FIXED:
      case BINARY:
        return remaining(buf);
      default:
        throw new IllegalArgumentException("Cannot deserialize a value of type " + type);
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] remaining(ByteBuffer buf) {
    byte[] out = new byte[buf.remaining()];
    buf.duplicate().get(out);
    return out;
  }
}
