package io.datashard.internal.data;

import io.datashard.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/**
 * Assembles Parquet values into rows ({@code Object[]} in projection order) of read-side Java
 * values (see {@link io.datashard.types.Types}). Parquet calls the converter of each requested
 * column in requested-schema order; each converter stores straight into its projection slot, so
 * columns missing from the file simply stay null.
 */
final class RowMaterializer extends RecordMaterializer<Object[]> {
  private final int width;
  private final Root root;
  private Object[] current;

  /**
   * @param width number of projected columns
   * @param slots for each requested Parquet column (in requested order), its projection slot
   * @param types for each requested Parquet column, the projected Iceberg type
   * @param fileTypes for each requested Parquet column, its type in the file
   */
  RowMaterializer(
      int width,
      int[] slots,
      PrimitiveType[] types,
      org.apache.parquet.schema.PrimitiveType[] fileTypes) {
    this.width = width;
    Converter[] converters = new Converter[slots.length];
    for (int i = 0; i < slots.length; i++) {
      converters[i] = new Column(slots[i], types[i], fileTypes[i]);
    }
    this.root = new Root(converters);
  }

  @Override
  public Object[] getCurrentRecord() {
    return current;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private final class Root extends GroupConverter {
    private final Converter[] converters;

    Root(Converter[] converters) {
      this.converters = converters;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      current = new Object[width];
    }

    @Override
    public void end() {}
  }

  /** Converts one column's physical values to the projected type's Java values. */
  private final class Column extends PrimitiveConverter {
    private final int slot;
    private final PrimitiveType type;
    private final long toMicrosMultiplier;
    private final long toMicrosDivisor;
    private String[] dictionaryStrings;

    Column(int slot, PrimitiveType type, org.apache.parquet.schema.PrimitiveType fileType) {
      this.slot = slot;
      this.type = type;
      TimeUnit unit = timeUnit(fileType.getLogicalTypeAnnotation());
      // Iceberg writes microseconds; other writers may use millis or nanos for the same types.
      this.toMicrosMultiplier = unit == TimeUnit.MILLIS ? 1000 : 1;
      this.toMicrosDivisor = unit == TimeUnit.NANOS ? 1000 : 1;
    }

    @Override
    public boolean hasDictionarySupport() {
      // Decoding each distinct string once per dictionary saves most of the UTF-8 work.
      return type.typeId() == io.datashard.types.TypeId.STRING;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      dictionaryStrings = new String[dictionary.getMaxId() + 1];
      for (int i = 0; i < dictionaryStrings.length; i++) {
        dictionaryStrings[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
      current[slot] = dictionaryStrings[dictionaryId];
    }

    @Override
    public void addBoolean(boolean value) {
      current[slot] = value;
    }

    @Override
    public void addInt(int value) {
      switch (type.typeId()) {
        case LONG:
          current[slot] = (long) value;
          break;
        case DATE:
          current[slot] = LocalDate.ofEpochDay(value);
          break;
        case DECIMAL:
          current[slot] = BigDecimal.valueOf(value, type.scale());
          break;
        default:
          current[slot] = value;
          break;
      }
    }

    @Override
    public void addLong(long value) {
      switch (type.typeId()) {
        case TIME:
          current[slot] = LocalTime.ofNanoOfDay(micros(value) * 1000);
          break;
        case TIMESTAMP:
          current[slot] = JavaValues.localDateTime(micros(value));
          break;
        case TIMESTAMPTZ:
          current[slot] = JavaValues.localDateTime(micros(value)).atOffset(ZoneOffset.UTC);
          break;
        case DECIMAL:
          current[slot] = BigDecimal.valueOf(value, type.scale());
          break;
        default:
          current[slot] = value;
          break;
      }
    }

    private long micros(long value) {
      return Math.floorDiv(value, toMicrosDivisor) * toMicrosMultiplier;
    }

    @Override
    public void addFloat(float value) {
      // Not a conditional expression: that would promote both branches to double.
      if (type.typeId() == io.datashard.types.TypeId.DOUBLE) {
        current[slot] = (double) value;
      } else {
        current[slot] = value;
      }
    }

    @Override
    public void addDouble(double value) {
      current[slot] = value;
    }

    @Override
    public void addBinary(Binary value) {
      switch (type.typeId()) {
        case STRING:
          current[slot] = value.toStringUsingUTF8();
          break;
        case UUID:
          ByteBuffer b = value.toByteBuffer();
          current[slot] = new UUID(b.getLong(b.position()), b.getLong(b.position() + 8));
          break;
        case DECIMAL:
          current[slot] = new BigDecimal(new BigInteger(value.getBytes()), type.scale());
          break;
        default:
          // A fresh array: Parquet may hand the same Binary (a dictionary entry) to many rows.
          current[slot] = value.getBytes().clone();
          break;
      }
    }
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
