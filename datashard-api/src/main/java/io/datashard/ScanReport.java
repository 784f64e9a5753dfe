package io.datashard;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one read of a {@link TableScan} did: how many data files and Parquet row groups it
 * considered, skipped using metadata (manifest column metrics, row-group statistics) and read,
 * how many bytes it fetched from storage, how many rows it decoded and returned, and which Parquet
 * reader (native or Java, see {@link NativeReader}) read each file. Immutable.
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
  private final long filesReadNative;
  private final long filesReadVectorized;
  private final Map<String, Long> javaReadReasons;

  /** Creates a report of a read that used only the Java reader and gave no reasons. */
  public ScanReport(Long snapshotId, String filter, long filesConsidered, long filesSkipped,
      long filesRead, long rowGroupsConsidered, long rowGroupsSkipped, long rowGroupsRead,
      long bytesRead, long rowsDecoded, long rowsReturned) {
    this(snapshotId, filter, filesConsidered, filesSkipped, filesRead, rowGroupsConsidered,
        rowGroupsSkipped, rowGroupsRead, bytesRead, rowsDecoded, rowsReturned, 0, 0, Map.of());
  }

  /** Creates a report; readers build these, users only read them. */
  public ScanReport(Long snapshotId, String filter, long filesConsidered, long filesSkipped,
      long filesRead, long rowGroupsConsidered, long rowGroupsSkipped, long rowGroupsRead,
      long bytesRead, long rowsDecoded, long rowsReturned, long filesReadNative,
      long filesReadVectorized, Map<String, Long> javaReadReasons) {
    this.filesReadNative = filesReadNative;
    this.filesReadVectorized = filesReadVectorized;
    this.javaReadReasons = java.util.Collections.unmodifiableMap(new TreeMap<>(javaReadReasons));
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

  /** Data files read by Arrow's native reader (arrow-dataset, JNI). */
  public long filesReadNative() {
    return filesReadNative;
  }

  /**
   * Data files of a full scan to Arrow read by DataShard's vectorized Java reader, which decodes
   * columns straight into Arrow vectors (see docs/reading.md, "Vectorized reader").
   */
  public long filesReadVectorized() {
    return filesReadVectorized;
  }

  /**
   * Data files read by DataShard's row-by-row Java reader ({@code filesRead - filesReadNative -
   * filesReadVectorized}); {@link #javaReadReasons} says why.
   */
  public long filesReadJava() {
    return filesRead - filesReadNative - filesReadVectorized;
  }

  /**
   * Why files were read by the Java reader, and how many for each reason, sorted by reason:
   * {@code "native reader disabled"}, {@code "native library unavailable"}, {@code "not a local
   * file"}, {@code "row-group statistics skip row groups"} (in {@link NativeReader#AUTO} mode the
   * Java reader is chosen for such files because the native reader would read every row group),
   * {@code "no read column in the file"}, or a column type the native reader maps differently.
   */
  public Map<String, Long> javaReadReasons() {
    return javaReadReasons;
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

  /**
   * Bytes fetched from storage (footers and the column chunks of the read columns). For files
   * read natively this is the footer plus the read columns' chunk sizes from the footer, which is
   * what the native reader needs (it may coalesce nearby ranges and read a little more).
   */
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
        + ", rows decoded=" + rowsDecoded + ", rows returned=" + rowsReturned
        + ", files read native/vectorized/java=" + filesReadNative + "/" + filesReadVectorized
        + "/" + filesReadJava()
        + (javaReadReasons.isEmpty() ? "" : ", java because " + javaReadReasons) + "}";
  }
}
