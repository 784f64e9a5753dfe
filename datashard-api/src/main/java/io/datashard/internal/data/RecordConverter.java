package io.datashard.internal.data;

import io.datashard.Schema;
import io.datashard.exceptions.SchemaMismatchException;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Validates user records ({@code Map<String, Object>} keyed by column name) against a {@link
 * Schema} and converts them to rows of internal storage values, in schema field order.
 *
 * <p>Internal values: Boolean, Integer, Long, Float, Double, BigDecimal with the column's exact
 * scale, Integer epoch days (date), Long microseconds of day (time), Long microseconds since the
 * epoch (timestamp as a UTC wall clock, timestamptz as an instant), String, UUID, byte[] (fixed of
 * exactly L bytes, binary). The accepted Java types per column type are those documented in
 * {@link io.datashard.types.Types}; nothing is ever rounded or truncated, so a value that does not
 * fit exactly is rejected with a {@link SchemaMismatchException} naming the record and field.
 */
public final class RecordConverter {
  private static final int MAX_PRINTED_VALUE = 100;

  private final Schema schema;
  private final Field[] fields;
  private final PrimitiveType[] types;

  public RecordConverter(Schema schema) {
    this.schema = schema;
    this.fields = schema.fields().toArray(new Field[0]);
    this.types = new PrimitiveType[fields.length];
    for (int i = 0; i < fields.length; i++) {
      types[i] = (PrimitiveType) fields[i].type();
    }
  }

  /**
   * Converts a batch; the whole batch is validated before anything is returned.
   *
   * @throws SchemaMismatchException for the first record that does not fit the schema
   */
  public List<Object[]> convertAll(List<Map<String, Object>> records) {
    List<Object[]> rows = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      rows.add(convert(i, records.get(i)));
    }
    return rows;
  }

  /**
   * Converts one record; {@code index} is its position in the batch, used in error messages.
   *
   * @throws SchemaMismatchException if the record does not fit the schema
   */
  public Object[] convert(int index, Map<String, Object> record) {
    if (record == null) {
      throw new SchemaMismatchException("Record " + index + " is null");
    }
    Object[] row = new Object[fields.length];
    int present = 0;
    Field missing = null;
    for (int i = 0; i < fields.length; i++) {
      Field field = fields[i];
      Object value = record.get(field.name());
      if (value == null) {
        boolean hasKey = record.containsKey(field.name());
        if (hasKey) {
          present++;
        }
        if (field.isRequired()) {
          if (hasKey) {
            throw new SchemaMismatchException(
                "Record " + index + " has null in required field '" + field.name() + "' ("
                    + field.type() + ")");
          }
          // Reported after the unknown-field check: a misspelt name explains a missing one.
          if (missing == null) {
            missing = field;
          }
        }
        continue;
      }
      present++;
      row[i] = toInternal(index, field, types[i], value);
    }
    if (present < record.size()) {
      for (String key : record.keySet()) {
        if (schema.findField(key) == null) {
          throw new SchemaMismatchException(
              "Record " + index + " has unknown field '" + key + "': the table's columns are "
                  + schema.columnNames());
        }
      }
    }
    if (missing != null) {
      throw new SchemaMismatchException(
          "Record " + index + " is missing required field '" + missing.name() + "' ("
              + missing.type() + ")");
    }
    return row;
  }

  private static Object toInternal(int index, Field field, PrimitiveType type, Object v) {
    switch (type.typeId()) {
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        break;
      case INT:
        if (v instanceof Integer) {
          return v;
        }
        if (v instanceof Short || v instanceof Byte) {
          return ((Number) v).intValue();
        }
        break;
      case LONG:
        if (v instanceof Long) {
          return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).longValue();
        }
        break;
      case FLOAT:
        if (v instanceof Float) {
          return v;
        }
        break;
      case DOUBLE:
        if (v instanceof Double) {
          return v;
        }
        if (v instanceof Float) {
          return ((Float) v).doubleValue();
        }
        break;
      case DECIMAL:
        if (v instanceof BigDecimal) {
          return decimal(index, field, type, (BigDecimal) v);
        }
        break;
      case DATE:
        if (v instanceof LocalDate) {
          long days = ((LocalDate) v).toEpochDay();
          if (days != (int) days) {
            throw new SchemaMismatchException(
                who(index) + " field '" + field.name() + "' expects date but " + v
                    + " is outside the range of dates (about 5.8 million years around 1970)");
          }
          return (int) days;
        }
        break;
      case TIME:
        if (v instanceof LocalTime) {
          long nanos = ((LocalTime) v).toNanoOfDay();
          return nanos / 1000;
        }
        break;
      case TIMESTAMP:
        if (v instanceof LocalDateTime) {
          return micros(index, field, ((LocalDateTime) v).toInstant(ZoneOffset.UTC), v);
        }
        break;
      case TIMESTAMPTZ:
        if (v instanceof Instant) {
          return micros(index, field, (Instant) v, v);
        }
        if (v instanceof OffsetDateTime) {
          return micros(index, field, ((OffsetDateTime) v).toInstant(), v);
        }
        if (v instanceof ZonedDateTime) {
          return micros(index, field, ((ZonedDateTime) v).toInstant(), v);
        }
        break;
      case STRING:
        if (v instanceof String) {
          return v;
        }
        if (v instanceof CharSequence) {
          return v.toString();
        }
        break;
      case UUID:
        if (v instanceof UUID) {
          return v;
        }
        break;
      case FIXED:
        if (v instanceof byte[] || v instanceof ByteBuffer) {
          byte[] bytes = bytes(v);
          if (bytes.length != type.length()) {
            throw new SchemaMismatchException(
                who(index) + " field '" + field.name() + "' expects " + type + " but got "
                    + bytes.length + " bytes");
          }
          return bytes;
        }
        break;
      case BINARY:
        if (v instanceof byte[] || v instanceof ByteBuffer) {
          return bytes(v);
        }
        break;
      default:
        break;
    }
    throw new SchemaMismatchException(
        who(index) + " field '" + field.name() + "' expects " + type + " (accepts "
            + accepted(type) + ") but got " + v.getClass().getName() + ": " + printable(v));
  }

  /**
   * Converts a filter literal to the internal value of the column, accepting exactly the Java
   * types a write accepts.
   *
   * @throws IllegalArgumentException naming the column and the expected type if it does not fit
   */
  public static Object literal(Field field, Object value) {
    try {
      return toInternal(-1, field, (PrimitiveType) field.type(), value);
    } catch (SchemaMismatchException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String who(int index) {
    return index < 0 ? "Filter literal for" : "Record " + index;
  }

  private static BigDecimal decimal(int index, Field field, PrimitiveType type, BigDecimal v) {
    if (v.scale() > type.scale()) {
      throw new SchemaMismatchException(
          who(index) + " field '" + field.name() + "' expects " + type + " but "
              + v.toPlainString() + " has " + v.scale() + " digits after the point (at most "
              + type.scale() + " allowed, values are never rounded)");
    }
    // Raising the scale only appends zeros, so this never rounds.
    BigDecimal scaled = v.setScale(type.scale());
    if (scaled.precision() > type.precision()) {
      throw new SchemaMismatchException(
          who(index) + " field '" + field.name() + "' expects " + type + " but "
              + v.toPlainString() + " needs " + scaled.precision() + " digits (at most "
              + type.precision() + " allowed)");
    }
    return scaled;
  }

  private static long micros(int index, Field field, Instant instant, Object original) {
    // The Iceberg types hold microseconds: finer digits are truncated, as Iceberg-Java and Spark
    // do, so Instant.now() (nanosecond resolution on Linux) is accepted as it is.
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new SchemaMismatchException(
          who(index) + " field '" + field.name() + "' expects " + field.type()
              + " but " + original + " is outside the range of microsecond timestamps "
              + "(about 290,000 years around 1970)");
    }
  }

  private static byte[] bytes(Object v) {
    if (v instanceof byte[]) {
      return (byte[]) v;
    }
    // Copy so later changes to the caller's buffer cannot change what is written.
    ByteBuffer buf = ((ByteBuffer) v).duplicate();
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }

  /** The Java types a column type accepts on write, as listed in the Types Javadoc. */
  static String accepted(PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return "Boolean";
      case INT:
        return "Integer, Short, Byte";
      case LONG:
        return "Long, Integer, Short, Byte";
      case FLOAT:
        return "Float";
      case DOUBLE:
        return "Double, Float";
      case DECIMAL:
        return "BigDecimal";
      case DATE:
        return "LocalDate";
      case TIME:
        return "LocalTime";
      case TIMESTAMP:
        return "LocalDateTime";
      case TIMESTAMPTZ:
        return "Instant, OffsetDateTime, ZonedDateTime";
      case STRING:
        return "String, CharSequence";
      case UUID:
        return "UUID";
      default:
        return "byte[], ByteBuffer";
    }
  }

  private static String printable(Object v) {
    String s = String.valueOf(v);
    return s.length() <= MAX_PRINTED_VALUE ? s : s.substring(0, MAX_PRINTED_VALUE) + "...";
  }
}
