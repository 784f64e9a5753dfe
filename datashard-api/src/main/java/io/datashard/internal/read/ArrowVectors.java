package io.datashard.internal.read;

import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Converts Arrow vectors read by the native reader into {@link ColumnData} (kind form), for
 * filters and for consumers other than Arrow output. Fixed-width columns of the kind's own width
 * are copied in bulk; the rest value by value.
 */
final class ArrowVectors {
  private ArrowVectors() {}

  /**
   * The first {@code n} values of an Arrow vector in kind form. The vector's type must convert
   * exactly to the kind ({@link NativeFileReader#accepts}); the vector is only read.
   */
  static ColumnData toColumnData(FieldVector v, Kind kind, int n) {
    ColumnData out = new ColumnData(kind, n);
    copy(v, out, n);
    return out;
  }

  private static void copy(FieldVector v, ColumnData out, int n) {
    if (bulkCopy(v, out, n)) {
      return;
    }
    boolean anyNull = false;
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        out.nulls[i] = true;
        anyNull = true;
      } else {
        set(v, out, i);
      }
    }
    out.anyNull = anyNull;
  }

  /**
   * Copies a fixed-width vector whose element width equals the kind's (no widening) with one
   * bulk copy of its data buffer, then marks nulls from the validity bits if there are any.
   * Returns false for the other cases, which copy value by value.
   */
  private static boolean bulkCopy(FieldVector v, ColumnData out, int n) {
    if (n == 0) {
      return true;
    }
    java.nio.ByteBuffer data;
    switch (out.kind) {
      case INT:
        if (!(v instanceof IntVector || v instanceof DateDayVector)) {
          return false;
        }
        data = v.getDataBuffer().nioBuffer(0, n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().get(out.ints, 0, n);
        break;
      case LONG:
        if (!(v instanceof BigIntVector || v instanceof TimeStampVector
            || v instanceof TimeMicroVector)) {
          return false;
        }
        data = v.getDataBuffer().nioBuffer(0, n * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asLongBuffer().get(out.longs, 0, n);
        break;
      case FLOAT:
        data = v.getDataBuffer().nioBuffer(0, n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().get(out.floats, 0, n);
        break;
      case DOUBLE:
        if (!(v instanceof Float8Vector)) {
          return false;
        }
        data = v.getDataBuffer().nioBuffer(0, n * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().get(out.doubles, 0, n);
        break;
      default:
        return false;
    }
    boolean anyNull = v.getNullCount() > 0;
    if (anyNull) {
      for (int i = 0; i < n; i++) {
        out.nulls[i] = v.isNull(i);
      }
    }
    out.anyNull = anyNull;
    return true;
  }

  private static void set(FieldVector v, ColumnData out, int i) {
    switch (out.kind) {
      case BOOLEAN:
        out.booleans[i] = ((BitVector) v).get(i) != 0;
        break;
      case INT:
        out.ints[i] = v instanceof DateDayVector ? ((DateDayVector) v).get(i) : ((IntVector) v).get(i);
        break;
      case LONG:
        out.longs[i] = longValue(v, i);
        break;
      case FLOAT:
        out.floats[i] = ((Float4Vector) v).get(i);
        break;
      case DOUBLE:
        out.doubles[i] = v instanceof Float4Vector ? ((Float4Vector) v).get(i)
            : ((Float8Vector) v).get(i);
        break;
      case BIGINT:
        out.objects[i] = unscaled((DecimalVector) v, i);
        break;
      default:
        out.objects[i] = bytes(v, i);
        break;
    }
  }

  private static long longValue(FieldVector v, int i) {
    if (v instanceof BigIntVector) {
      return ((BigIntVector) v).get(i);
    } else if (v instanceof TimeStampVector) {
      return ((TimeStampVector) v).get(i);
    } else if (v instanceof TimeMicroVector) {
      return ((TimeMicroVector) v).get(i);
    } else if (v instanceof IntVector) {
      return ((IntVector) v).get(i);
    } else if (v instanceof DecimalVector) {
      // A decimal of at most 18 digits: its 128-bit little-endian unscaled value fits the low
      // 64 bits, which are the unscaled long itself.
      return v.getDataBuffer().getLong((long) i * DecimalVector.TYPE_WIDTH);
    }
    throw new IllegalStateException("Unexpected native vector " + v.getClass().getName());
  }

  private static BigInteger unscaled(DecimalVector v, int i) {
    ArrowBuf buf = v.getDataBuffer();
    byte[] bigEndian = new byte[DecimalVector.TYPE_WIDTH];
    long base = (long) i * DecimalVector.TYPE_WIDTH;
    for (int b = 0; b < bigEndian.length; b++) {
      bigEndian[bigEndian.length - 1 - b] = buf.getByte(base + b);
    }
    return new BigInteger(bigEndian);
  }

  private static byte[] bytes(FieldVector v, int i) {
    if (v instanceof VarCharVector) {
      return ((VarCharVector) v).get(i);
    } else if (v instanceof VarBinaryVector) {
      return ((VarBinaryVector) v).get(i);
    } else if (v instanceof FixedSizeBinaryVector) {
      return ((FixedSizeBinaryVector) v).get(i);
    }
    throw new IllegalStateException("Unexpected native vector " + v.getClass().getName());
  }
}
