package io.datashard.internal.table;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.manifest.ManifestWriter;
import io.datashard.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the number of manifests of a snapshot bounded (DESIGN §9.5): every append adds a
 * manifest, so without merging a table of N commits makes every scan read N manifests. When a
 * commit's base already has {@code minCount} manifests, the small ones (under {@code
 * targetBytes}) are rewritten into one, their live entries carried over as EXISTING with their
 * original snapshot ids and sequence numbers. Data files are never touched.
 */
final class ManifestMerger {
  /** Merge once a snapshot would list this many manifests (Iceberg's default is 100 too). */
  static final String MIN_COUNT = "commit.manifest.merge.min.count";
  /** Manifests at least this large are left alone. */
  static final String TARGET_BYTES = "commit.manifest.target.size.bytes";

  private final int minCount;
  private final long targetBytes;

  ManifestMerger(DataShardConfig config) {
    this.minCount = (int) config.getLong(MIN_COUNT, 100, 2, 1_000_000);
    this.targetBytes = config.getLong(TARGET_BYTES, 8L * 1024 * 1024, 1024, Long.MAX_VALUE);
  }

  /** The result of a merge: the manifests to list, and the key written (null if none). */
  record Result(List<ManifestFile> manifests, String writtenKey) {}

  /**
   * Merges the base's small manifests if there are enough of them.
   *
   * @param key where to write the merged manifest (unique per commit attempt)
   */
  Result maybeMerge(StorageBackend backend, String table, Schema schema, long snapshotId,
      long sequenceNumber, List<ManifestFile> base, String key) {
    List<ManifestFile> small = new ArrayList<>();
    List<ManifestFile> kept = new ArrayList<>();
    for (ManifestFile m : base) {
      (m.length() < targetBytes ? small : kept).add(m);
    }
    if (base.size() + 1 < minCount || small.size() < 2) {
      return new Result(base, null);
    }
    List<ManifestEntry> entries = new ArrayList<>();
    long minSequence = sequenceNumber;
    for (ManifestFile m : small) {
      for (ManifestEntry e : ManifestLists.entriesToMerge(backend, table, m)) {
        if (e.status() == ManifestEntry.Status.DELETED) {
          continue; // a deletion was recorded by an earlier snapshot; this one no longer needs it
        }
        Long fileSeq = e.fileSequenceNumber() != null ? e.fileSequenceNumber()
            : e.dataSequenceNumber();
        entries.add(new ManifestEntry(ManifestEntry.Status.EXISTING, e.snapshotId(),
            e.dataSequenceNumber(), fileSeq, e.file()));
        minSequence = Math.min(minSequence, e.dataSequenceNumber());
      }
    }
    byte[] bytes = ManifestWriter.write(schema, entries);
    backend.put(key, bytes);
    ManifestFile merged = ManifestFile.builder()
        .path(backend.uri(key))
        .length(bytes.length)
        .addedSnapshotId(snapshotId)
        .sequenceNumber(sequenceNumber)
        .minSequenceNumber(minSequence)
        .countsFrom(entries)
        .build();
    List<ManifestFile> result = new ArrayList<>(kept.size() + 1);
    result.add(merged);
    result.addAll(kept);
    return new Result(result, key);
  }
}
