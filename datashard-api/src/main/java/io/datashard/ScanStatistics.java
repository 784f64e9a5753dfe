package io.datashard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The row count and per-column statistics of a scan's matching rows, from {@link
 * TableScan#statistics()}. Immutable.
 */
public final class ScanStatistics {
  private final long rowCount;
  private final boolean fromMetadata;
  private final List<ColumnStatistics> columns;

  /** Creates statistics; scans build these, users only read them. */
  public ScanStatistics(long rowCount, boolean fromMetadata, List<ColumnStatistics> columns) {
    this.rowCount = rowCount;
    this.fromMetadata = fromMetadata;
    this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
  }

  /** Rows that match the scan's filter. */
  public long rowCount() {
    return rowCount;
  }

  /**
   * True if these were answered from manifests alone, without opening a data file; false if the
   * matching rows were read (then every statistic is exact and known).
   */
  public boolean fromMetadata() {
    return fromMetadata;
  }

  /** The statistics of the scan's columns, in {@link TableScan#schema()} order. */
  public List<ColumnStatistics> columns() {
    return columns;
  }

  /**
   * The statistics of one column of the scan.
   *
   * @throws IllegalArgumentException naming the column if the scan does not select it
   */
  public ColumnStatistics column(String name) {
    for (ColumnStatistics c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    List<String> names = new ArrayList<>();
    columns.forEach(c -> names.add(c.name()));
    throw new IllegalArgumentException(
        "No statistics for column '" + name + "': the scan selects " + names);
  }

  @Override
  public String toString() {
    return "ScanStatistics{rows=" + rowCount + (fromMetadata ? ", from metadata" : ", read")
        + ", " + columns + "}";
  }
}
