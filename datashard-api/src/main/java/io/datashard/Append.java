package io.datashard;

import java.util.List;
import java.util.Map;

/**
 * An append being built: several record batches and already-written data files that become
 * visible together, in one snapshot, when {@link #commit()} succeeds. Records are validated and
 * written to data files as they are added, so memory stays bounded; nothing is visible before the
 * commit, and a failed commit deletes the files this append wrote. Use once, from one thread.
 */
public interface Append {
  /**
   * Validates and writes a batch of records.
   *
   * @throws io.datashard.exceptions.SchemaMismatchException if a record does not fit; the append
   *     can still be committed with the batches added before
   */
  Append appendRecords(List<Map<String, Object>> records);

  /**
   * Adds a data file written earlier (by {@link Table#writeDataFiles}, possibly in another
   * process). The file must exist in the table's storage.
   */
  Append appendFile(DataFile file);

  /** Adds a custom property to the snapshot summary (keys starting with {@code datashard.} are reserved). */
  Append set(String key, String value);

  /**
   * Commits everything added as one snapshot, retrying on conflicts with other writers.
   *
   * @return the committed snapshot
   * @throws io.datashard.exceptions.CommitConflictException if the retry budget ran out (nothing
   *     visible, safe to retry)
   * @throws io.datashard.exceptions.CommitStateUnknownException if the outcome cannot be known
   * @throws IllegalStateException if called twice
   */
  Snapshot commit();
}
