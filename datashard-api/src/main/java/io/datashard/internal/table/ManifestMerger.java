package io.datashard.internal.table;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.manifest.ManifestWriter;
import io.datashard.spi.StorageBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Keeps the number of manifests of a snapshot bounded (DESIGN §9.5): every append adds a
 * manifest, so without merging a table of N commits makes every scan read N manifests. When a
 * commit's base already has {@code minCount} manifests, the small ones (under {@code
 * targetBytes}) are rewritten into one, their live entries carried over as EXISTING with their
 * original snapshot ids and sequence numbers. Data files are never touched.
 *
 * <p>Merging is size-tiered, as in log-structured merge trees: a small manifest that holds more
 * than {@value #TIER_RATIO} times as many entries as all the smaller ones together is left as it
 * is. Without that, every merge would rewrite the one large merged manifest to add a hundred
 * entries to it, a cost that grows with the table and is paid under the commit lock that every
 * writer waits for (merge k of a table of one-file appends rewrote 99 k entries). With it, an
 * entry is rewritten about once per tier, the tiers grow at least fivefold each, and a snapshot
 * lists at most {@code minCount} manifests plus one per tier.
 */
final class ManifestMerger {
  /** Merge once a snapshot would list this many manifests (Iceberg's default is 100 too). */
  static final String MIN_COUNT = "commit.manifest.merge.min.count";
  /** Manifests at least this large are left alone. */
  static final String TARGET_BYTES = "commit.manifest.target.size.bytes";

  /** A small manifest this many times larger (in entries) than all smaller ones is kept. */
  static final int TIER_RATIO = 4;

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
    if (base.size() + 1 < minCount) {
      return new Result(base, null);
    }
    List<ManifestFile> small = new ArrayList<>();
    for (ManifestFile m : base) {
      if (m.length() < targetBytes) {
        small.add(m);
      }
    }
    List<ManifestFile> toMerge = withoutLargeTiers(small);
    if (toMerge.size() < 2) {
      return new Result(base, null);
    }
    Set<ManifestFile> merging = Collections.newSetFromMap(new IdentityHashMap<>());
    merging.addAll(toMerge);
    List<ManifestFile> kept = new ArrayList<>(base.size() - toMerge.size());
    for (ManifestFile m : base) {
      if (!merging.contains(m)) {
        kept.add(m);
      }
    }
    List<ManifestEntry> entries = new ArrayList<>();
    long minSequence = sequenceNumber;
    for (ManifestFile m : toMerge) {
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

  /**
   * The manifests to merge, in their order in {@code small}: all but its large tiers, taken from
   * the largest down for as long as one holds more than {@link #TIER_RATIO} times the entries of
   * all smaller ones together.
   */
  static List<ManifestFile> withoutLargeTiers(List<ManifestFile> small) {
    List<ManifestFile> bySize = new ArrayList<>(small);
    bySize.sort(Comparator.comparingLong(ManifestMerger::entries).reversed());
    long rest = 0;
    for (ManifestFile m : bySize) {
      rest += entries(m);
    }
    int first = 0;
    while (first < bySize.size() - 1) {
      long size = entries(bySize.get(first));
      rest -= size;
      if (size <= TIER_RATIO * rest) {
        break;
      }
      first++;
    }
    Set<ManifestFile> tiers = Collections.newSetFromMap(new IdentityHashMap<>());
    tiers.addAll(bySize.subList(0, first));
    List<ManifestFile> toMerge = new ArrayList<>(small.size() - first);
    for (ManifestFile m : small) {
      if (!tiers.contains(m)) {
        toMerge.add(m); // in the base's order, so the merged manifest lists files as before
      }
    }
    return toMerge;
  }

  /** The entries a manifest holds (at least 1, so that empty manifests still weigh something). */
  private static long entries(ManifestFile m) {
    return Math.max(1L,
        (long) m.addedFilesCount() + m.existingFilesCount() + m.deletedFilesCount());
  }
}
