package io.datashard.internal.read;

import io.datashard.types.PrimitiveType;
import io.datashard.types.TypeId;
import java.math.BigInteger;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes one Parquet column's physical values straight into {@link ColumnData} of the table
 * type's {@link Kind}: int32 widened to long, float to double, other writers' millisecond or
 * nanosecond times to microseconds, decimals to their unscaled value. Also converts the column's
 * row-group statistics to the same form, so filters and pruning compare like with like.
 */
final class ColumnDecoder {
  private final PrimitiveType type;
  private final Kind kind;
  private final PrimitiveTypeName physical;
  private final int maxDefinitionLevel;
  private final long toMicrosMultiplier;
  private final long toMicrosDivisor;

  ColumnDecoder(PrimitiveType type, org.apache.parquet.schema.PrimitiveType fileType,
      int maxDefinitionLevel) {
    this.type = type;
    this.kind = Kind.of(type);
    this.physical = fileType.getPrimitiveTypeName();
    this.maxDefinitionLevel = maxDefinitionLevel;
    TimeUnit unit = timeUnit(fileType.getLogicalTypeAnnotation());
    boolean temporal = type.typeId() == TypeId.TIME || type.typeId() == TypeId.TIMESTAMP
        || type.typeId() == TypeId.TIMESTAMPTZ;
    this.toMicrosMultiplier = temporal && unit == TimeUnit.MILLIS ? 1000 : 1;
    this.toMicrosDivisor = temporal && unit == TimeUnit.NANOS ? 1000 : 1;
  }

  Kind kind() {
    return kind;
  }

  /** Reads the next {@code n} values of the column reader into rows 0..n-1 of {@code out}. */
  void read(ColumnReader reader, ColumnData out, int n) {
    boolean anyNull = false;
    for (int i = 0; i < n; i++) {
      if (reader.getCurrentDefinitionLevel() < maxDefinitionLevel) {
        out.nulls[i] = true;
        anyNull = true;
        if (out.objects != null) {
          out.objects[i] = null;
        }
      } else {
        out.nulls[i] = false;
        readValue(reader, out, i);
      }
      reader.consume();
    }
    out.anyNull = anyNull;
  }

  private void readValue(ColumnReader r, ColumnData out, int i) {
    switch (kind) {
      case BOOLEAN:
        out.booleans[i] = r.getBoolean();
        break;
      case INT:
        out.ints[i] = r.getInteger();
        break;
      case LONG:
        out.longs[i] = toLong(r);
        break;
      case FLOAT:
        out.floats[i] = r.getFloat();
        break;
      case DOUBLE:
        out.doubles[i] = physical == PrimitiveTypeName.FLOAT ? r.getFloat() : r.getDouble();
        break;
      case BIGINT:
        out.objects[i] = toBigInteger(r);
        break;
      default:
        out.objects[i] = r.getBinary().getBytes();
        break;
    }
  }

  private long toLong(ColumnReader r) {
    switch (physical) {
      case INT32:
        return r.getInteger();
      case INT64:
        return micros(r.getLong());
      default:
        return new BigInteger(r.getBinary().getBytes()).longValue(); // decimal in bytes
    }
  }

  private BigInteger toBigInteger(ColumnReader r) {
    switch (physical) {
      case INT32:
        return BigInteger.valueOf(r.getInteger());
      case INT64:
        return BigInteger.valueOf(r.getLong());
      default:
        return new BigInteger(r.getBinary().getBytes());
    }
  }

  private long micros(long value) {
    return Math.floorDiv(value, toMicrosDivisor) * toMicrosMultiplier;
  }

  /** A statistics value (as parquet-mr returns it for the physical type) in kind form. */
  Object statValue(Object v) {
    if (v == null) {
      return null;
    }
    switch (kind) {
      case BOOLEAN:
      case INT:
      case FLOAT:
        return v;
      case DOUBLE:
        return v instanceof Float ? (Object) ((Float) v).doubleValue() : v;
      case LONG:
        if (v instanceof Integer) {
          return ((Integer) v).longValue();
        }
        if (v instanceof Long) {
          return micros((Long) v);
        }
        return new BigInteger(((Binary) v).getBytes()).longValue();
      case BIGINT:
        if (v instanceof Integer || v instanceof Long) {
          return BigInteger.valueOf(((Number) v).longValue());
        }
        return new BigInteger(((Binary) v).getBytes());
      default:
        return ((Binary) v).getBytes();
    }
  }

  PrimitiveType type() {
    return type;
  }

  private static TimeUnit timeUnit(LogicalTypeAnnotation annotation) {
    if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
      return ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) annotation).getUnit();
    }
    if (annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
      return ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) annotation).getUnit();
    }
    return TimeUnit.MICROS;
  }
}
