package io.datashard;

/**
 * What one read of a {@link TableScan} did: how many data files and Parquet row groups it
 * considered, skipped using metadata (manifest column metrics, row-group statistics) and read,
 * how many bytes it fetched from storage, and how many rows it decoded and returned. Immutable.
 *
 * <p>Get it from {@link TableScan#report()} after a read finished (or after its reader was
 * closed), or pass a listener to {@link TableScan#onReport(java.util.function.Consumer)}.
 */
public final class ScanReport {
  private final Long snapshotId;
  private final String filter;
  private final long filesConsidered;
  private final long filesSkipped;
  private final long filesRead;
  private final long rowGroupsConsidered;
  private final long rowGroupsSkipped;
  private final long rowGroupsRead;
  private final long bytesRead;
  private final long rowsDecoded;
  private final long rowsReturned;

  /** Creates a report; readers build these, users only read them. */
  public ScanReport(Long snapshotId, String filter, long filesConsidered, long filesSkipped,
      long filesRead, long rowGroupsConsidered, long rowGroupsSkipped, long rowGroupsRead,
      long bytesRead, long rowsDecoded, long rowsReturned) {
    this.snapshotId = snapshotId;
    this.filter = filter;
    this.filesConsidered = filesConsidered;
    this.filesSkipped = filesSkipped;
    this.filesRead = filesRead;
    this.rowGroupsConsidered = rowGroupsConsidered;
    this.rowGroupsSkipped = rowGroupsSkipped;
    this.rowGroupsRead = rowGroupsRead;
    this.bytesRead = bytesRead;
    this.rowsDecoded = rowsDecoded;
    this.rowsReturned = rowsReturned;
  }

  /** The snapshot read, or null for a table with no snapshot. */
  public Long snapshotId() {
    return snapshotId;
  }

  /** The scan's filter, as text. */
  public String filter() {
    return filter;
  }

  /** Data files in the snapshot. */
  public long filesConsidered() {
    return filesConsidered;
  }

  /** Data files skipped because their manifest metrics prove no row matches the filter. */
  public long filesSkipped() {
    return filesSkipped;
  }

  /** Data files opened. Can be less than considered minus skipped if the read stopped early. */
  public long filesRead() {
    return filesRead;
  }

  /** Row groups in the files opened. */
  public long rowGroupsConsidered() {
    return rowGroupsConsidered;
  }

  /** Row groups skipped because their statistics prove no row matches the filter. */
  public long rowGroupsSkipped() {
    return rowGroupsSkipped;
  }

  /** Row groups whose column chunks were fetched and decoded. */
  public long rowGroupsRead() {
    return rowGroupsRead;
  }

  /** Bytes fetched from storage (footers and the column chunks of the read columns). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Rows decoded from the row groups read (before the filter). */
  public long rowsDecoded() {
    return rowsDecoded;
  }

  /** Rows that matched the filter and were handed to the caller. */
  public long rowsReturned() {
    return rowsReturned;
  }

  @Override
  public String toString() {
    return "ScanReport{snapshot=" + snapshotId + ", filter=" + filter
        + ", files considered/skipped/read=" + filesConsidered + "/" + filesSkipped + "/"
        + filesRead + ", row groups considered/skipped/read=" + rowGroupsConsidered + "/"
        + rowGroupsSkipped + "/" + rowGroupsRead + ", bytes read=" + bytesRead
        + ", rows decoded=" + rowsDecoded + ", rows returned=" + rowsReturned + "}";
  }
}
