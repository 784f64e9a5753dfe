package io.datashard.internal.read;

/**
 * A batch of rows read from one data file: one {@link ColumnData} per read column (in the read
 * plan's order) and the rows that passed the filter, as ascending row indexes.
 */
public final class ColumnBatch {
  private final ColumnData[] columns;
  private final int[] selected;
  private final int selectedCount;

  ColumnBatch(ColumnData[] columns, int[] selected, int selectedCount) {
    this.columns = columns;
    this.selected = selected;
    this.selectedCount = selectedCount;
  }

  /** A batch of {@code n} decoded rows keeping those for which the filter is true. */
  static ColumnBatch filtered(BoundFilter filter, ColumnData[] columns, int n) {
    int[] selected = new int[n];
    int count = 0;
    if (filter.isAlwaysTrue()) {
      for (int i = 0; i < n; i++) {
        selected[i] = i;
      }
      count = n;
    } else {
      boolean[] pass = new boolean[n];
      filter.evaluate(columns, n, pass);
      for (int i = 0; i < n; i++) {
        if (pass[i]) {
          selected[count++] = i;
        }
      }
    }
    return new ColumnBatch(columns, selected, count);
  }

  /** The column at a position of the read plan's columns. */
  public ColumnData column(int readIndex) {
    return columns[readIndex];
  }

  /** How many rows passed the filter. */
  public int size() {
    return selectedCount;
  }

  /** The row index (into the columns) of the i-th selected row. */
  public int row(int i) {
    return selected[i];
  }
}
