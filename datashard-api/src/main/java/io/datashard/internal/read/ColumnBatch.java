package io.datashard.internal.read;

import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * A batch of rows read from one data file: one {@link ColumnData} per read column (in the read
 * plan's order) and the rows that passed the filter, as ascending row indexes.
 *
 * <p>A batch from the native reader may instead hold the columns as the Arrow vectors the reader
 * produced ({@link #vector}), owned by the batch, when every row is selected and the consumer
 * writes Arrow: the Arrow output then takes the vectors' buffers without copying a value. Such a
 * batch converts a column to {@link ColumnData} only if asked for it, and must be {@link
 * #release released} by whoever drops it.
 */
public final class ColumnBatch {
  private final ColumnData[] columns;
  private final FieldVector[] vectors;
  private final Kind[] kinds;
  private final int[] selected;
  private final int selectedCount;

  private ColumnBatch(ColumnData[] columns, FieldVector[] vectors, Kind[] kinds, int[] selected,
      int selectedCount) {
    this.columns = columns;
    this.vectors = vectors;
    this.kinds = kinds;
    this.selected = selected;
    this.selectedCount = selectedCount;
  }

  /** A batch of {@code n} decoded rows keeping those for which the filter is true. */
  static ColumnBatch filtered(BoundFilter filter, ColumnData[] columns, int n) {
    if (filter.isAlwaysTrue()) {
      return new ColumnBatch(columns, null, null, null, n);
    }
    int[] selected = new int[n];
    int count = 0;
    boolean[] pass = new boolean[n];
    filter.evaluate(columns, n, pass);
    for (int i = 0; i < n; i++) {
      if (pass[i]) {
        selected[count++] = i;
      }
    }
    return new ColumnBatch(columns, null, null, selected, count);
  }

  /**
   * A batch of all {@code n} rows of Arrow vectors the batch now owns: {@code vectors[c]} holds
   * read column c, or is null where {@code columns[c]} holds it instead (a column the file lacks).
   *
   * @param kinds each read column's kind, to convert a vector on demand
   */
  static ColumnBatch ofVectors(FieldVector[] vectors, ColumnData[] columns, Kind[] kinds, int n) {
    return new ColumnBatch(columns, vectors, kinds, null, n);
  }

  /**
   * A batch of all {@code n} rows that takes over a reader's vectors, keyed by file column name:
   * read column c is {@code vectors.get(fileNames[c])}, or all null where {@code fileNames[c]} is
   * null (a column the file lacks).
   */
  static ColumnBatch ofFileVectors(List<Field> readFields, String[] fileNames,
      Map<String, FieldVector> vectors, int n) {
    Kind[] kinds = new Kind[readFields.size()];
    ColumnData[] columns = new ColumnData[kinds.length];
    FieldVector[] owned = new FieldVector[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = Kind.of((PrimitiveType) readFields.get(i).type());
      if (fileNames[i] == null) {
        columns[i] = ColumnData.allNull(kinds[i], n);
      } else {
        owned[i] = vectors.get(fileNames[i]);
      }
    }
    return new ColumnBatch(columns, owned, kinds, null, n);
  }

  /** The column at a position of the read plan's columns. */
  public ColumnData column(int readIndex) {
    ColumnData c = columns[readIndex];
    if (c == null) {
      c = ArrowVectors.toColumnData(vectors[readIndex], kinds[readIndex], selectedCount);
      columns[readIndex] = c;
    }
    return c;
  }

  /**
   * The Arrow vector holding read column {@code readIndex} of every row of this batch, owned by
   * the batch, or null if this column is only available as {@link #column}. A caller may transfer
   * the vector's buffers away; {@link #release} still closes what is left.
   */
  public FieldVector vector(int readIndex) {
    return vectors == null ? null : vectors[readIndex];
  }

  /** How many rows passed the filter. */
  public int size() {
    return selectedCount;
  }

  /** The row index (into the columns) of the i-th selected row. */
  public int row(int i) {
    return selected == null ? i : selected[i];
  }

  /** Frees the Arrow vectors this batch owns, if any; a batch can be released more than once. */
  public void release() {
    if (vectors != null) {
      for (FieldVector v : vectors) {
        if (v != null) {
          v.close();
        }
      }
    }
  }
}
