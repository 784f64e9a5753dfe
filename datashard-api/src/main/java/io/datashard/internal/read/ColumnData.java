package io.datashard.internal.read;

/**
 * One batch of one column's values in {@link Kind} form: a typed array for the kind and a null
 * flag per row. Filled by the Parquet column decoder, read by filters and by output writers.
 */
public final class ColumnData {
  final Kind kind;
  final boolean[] nulls;
  final boolean[] booleans;
  final int[] ints;
  final long[] longs;
  final float[] floats;
  final double[] doubles;
  final Object[] objects;
  boolean anyNull;

  ColumnData(Kind kind, int capacity) {
    this.kind = kind;
    this.nulls = new boolean[capacity];
    this.booleans = kind == Kind.BOOLEAN ? new boolean[capacity] : null;
    this.ints = kind == Kind.INT ? new int[capacity] : null;
    this.longs = kind == Kind.LONG ? new long[capacity] : null;
    this.floats = kind == Kind.FLOAT ? new float[capacity] : null;
    this.doubles = kind == Kind.DOUBLE ? new double[capacity] : null;
    this.objects = kind == Kind.BYTES || kind == Kind.BIGINT ? new Object[capacity] : null;
  }

  /** A column of {@code rows} nulls (a column the data file does not have). */
  static ColumnData allNull(Kind kind, int rows) {
    ColumnData c = new ColumnData(kind, rows);
    java.util.Arrays.fill(c.nulls, true);
    c.anyNull = rows > 0;
    return c;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isNull(int row) {
    return nulls[row];
  }

  public boolean getBoolean(int row) {
    return booleans[row];
  }

  public int getInt(int row) {
    return ints[row];
  }

  public long getLong(int row) {
    return longs[row];
  }

  public float getFloat(int row) {
    return floats[row];
  }

  public double getDouble(int row) {
    return doubles[row];
  }

  /** The byte[] (BYTES) or BigInteger (BIGINT) at a row; never modify a returned array. */
  public Object getObject(int row) {
    return objects[row];
  }

  /** The boxed kind-form value at a row, or null. */
  public Object get(int row) {
    if (nulls[row]) {
      return null;
    }
    switch (kind) {
      case BOOLEAN:
        return booleans[row];
      case INT:
        return ints[row];
      case LONG:
        return longs[row];
      case FLOAT:
        return floats[row];
      case DOUBLE:
        return doubles[row];
      default:
        return objects[row];
    }
  }
}
