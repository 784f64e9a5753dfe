package io.datashard.internal.metadata;

import io.datashard.Snapshot;
import java.util.List;

/**
 * What is left of a metadata version ({@code v<N>.metadata.json}) after it fell out of the
 * metadata-log: a small stub that replaces the full file. The key itself must exist forever,
 * because the commit point is a put-if-absent on it; deleting it would let a writer that is far
 * behind re-create the version and fork the history.
 *
 * <p>The stub keeps the snapshot the version made current, summary and commit id included, so a
 * writer that never learned whether its commit of this version landed can still recognise it.
 * For every DataShard commit that is exactly the one snapshot the version introduced; a version
 * written by another engine that introduced no snapshot (a property change, say) repeats its
 * parent's, which no writer of this version can mistake for its own commit.
 *
 * @param version the version number N
 * @param tableUuid the table's uuid, or null if the version had none (format version 1)
 * @param lastUpdatedMillis the version's {@code last-updated-ms}
 * @param currentSnapshotId the snapshot the version made current, or null if it had none
 * @param snapshots the snapshot the version made current (empty if none)
 */
public record SupersededMetadata(int version, String tableUuid, long lastUpdatedMillis,
    Long currentSnapshotId, List<Snapshot> snapshots) {

  public SupersededMetadata {
    snapshots = List.copyOf(snapshots);
  }

  /** The stub of {@code version}, whose full metadata is {@code full}. */
  public static SupersededMetadata of(int version, TableMetadata full) {
    Snapshot current = full.currentSnapshot();
    return new SupersededMetadata(version, full.tableUuid(), full.lastUpdatedMillis(),
        full.currentSnapshotId(), current == null ? List.of() : List.of(current));
  }

  /** The recorded snapshot committed with this commit id, or null. */
  public Snapshot snapshotByCommitId(String commitId) {
    for (Snapshot s : snapshots) {
      if (commitId.equals(s.commitId())) {
        return s;
      }
    }
    return null;
  }
}
