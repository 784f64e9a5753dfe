package io.datashard.internal.table;

import io.datashard.DataShardConfig;
import io.datashard.HistoryEntry;
import io.datashard.Snapshot;
import io.datashard.exceptions.SnapshotExpiredException;
import io.datashard.internal.metadata.TableMetadata;
import java.time.Instant;
import java.util.List;

/** The one place the "snapshot expired from the metadata" error is made. */
final class SnapshotRetention {
  private SnapshotRetention() {}

  /**
   * The error for time travel past the kept snapshots: what was asked, how far back the metadata
   * goes, and the setting to raise.
   */
  static SnapshotExpiredException expired(BaseTable table, TableMetadata metadata,
      String problem) {
    Snapshot oldest = metadata.snapshots().get(0);
    List<HistoryEntry> log = metadata.snapshotLog();
    long since = log.isEmpty() ? oldest.timestampMillis() : log.get(0).timestampMillis();
    String key = DataShardConfig.HISTORY_MAX_SNAPSHOTS;
    return new SnapshotExpiredException(problem + ". Older snapshots were expired from the"
        + " table's metadata (the oldest kept is " + oldest.snapshotId() + ", history from "
        + Instant.ofEpochMilli(since) + "): each commit keeps the newest " + key + " ("
        + DataShardConfig.variableForKey(key) + ", now "
        + table.retentionSettings().maxSnapshots() + ") snapshots. To time-travel further back,"
        + " raise it (0 keeps all) for the writers before they commit; snapshots already expired"
        + " cannot be listed again. If the snapshot is newer than this handle, call"
        + " table.refresh()");
  }
}
