package io.datashard;

import java.util.List;
import java.util.Map;

/**
 * A read of one snapshot of a table. Immutable: every refining method returns a new scan.
 *
 * <pre>{@code
 * List<Map<String, Object>> rows = table.scan()
 *     .useSnapshot(snapshotId)          // or asOfTime(millis); default: the current snapshot
 *     .select("user_id", "event")       // default: every column
 *     .toRecords();
 * }</pre>
 */
public interface TableScan {
  /**
   * Reads the snapshot with this id.
   *
   * @throws IllegalArgumentException if the table has no such snapshot
   */
  TableScan useSnapshot(long snapshotId);

  /**
   * Reads the snapshot that was current at this time (epoch milliseconds).
   *
   * @throws IllegalArgumentException if no snapshot was current then (the table was empty)
   */
  TableScan asOfTime(long timestampMillis);

  /**
   * Reads only these columns, in this order.
   *
   * @throws IllegalArgumentException naming a column that does not exist
   */
  TableScan select(String... columns);

  /** The snapshot this scan reads, or null for a table with no snapshot. */
  Snapshot snapshot();

  /** The schema of the rows this scan returns. */
  Schema schema();

  /** The data files of the snapshot (live entries of its manifests). */
  List<DataFile> planFiles();

  /**
   * Reads every row into memory: one map per row, keys in {@link #schema()} order, values as
   * described in {@link io.datashard.types.Types}.
   *
   * @throws io.datashard.exceptions.CorruptTableException if a manifest or data file is missing or
   *     corrupt
   */
  List<Map<String, Object>> toRecords();
}
