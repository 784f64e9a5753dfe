package io.datashard.internal.table;

import io.datashard.Append;
import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.exceptions.DataShardException;
import io.datashard.internal.commit.PendingCommit;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.io.PendingWrite;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.manifest.ManifestListWriter;
import io.datashard.internal.manifest.ManifestWriter;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.StorageBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append: data files are written as batches arrive; at commit the new files go into one
 * manifest written once, and each attempt writes only a manifest list (our manifest first, then
 * the base snapshot's manifests) and the next metadata version. Manifest entries leave their
 * sequence numbers null so they inherit the number of whichever attempt wins — which is what
 * lets a retry reuse the manifest after a lost race.
 *
 * <p>Round trips (DESIGN §9.7): none of the data files, the manifest and the manifest list
 * depends on another's upload (only on bytes and metrics known here), and none is visible before
 * the commit point names them. So with a warehouse's background writes the data files are
 * published in the background as they are finished, {@link #apply} starts uploading the manifest
 * and the list at the same time, and {@link #awaitWrites} (which the committer calls before the
 * commit point) returns only when every one of those uploads has succeeded: the commit point
 * never starts before all its files are in place. In a group commit all members' lists go up
 * together this way. Any failure is a definite failure
 * before the commit point; {@link #abort} then cancels or waits out what is still in flight and
 * deletes what landed. Each data file carries {@code table-uuid} and {@code commit-id} object
 * metadata so it can be traced back to its commit.
 */
final class AppendOperation implements Append, PendingCommit {
  private static final Logger LOG = LoggerFactory.getLogger(AppendOperation.class);

  private final BaseTable table;
  private final StorageBackend backend;
  private final TableOperations ops;
  private final String commitId = UUID.randomUUID().toString();
  private final long snapshotId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  private final List<DataFile> files = new ArrayList<>();
  private final List<DataFile> ownFiles = new ArrayList<>();
  private final Map<String, String> customSummary = new TreeMap<>();
  private final Map<Integer, List<String>> attemptKeys = new LinkedHashMap<>();
  private final List<PendingWrite> uploads = new ArrayList<>();
  private final BackgroundWrites background;
  private String manifestKey;
  private ManifestFile manifest;
  private boolean committed;

  AppendOperation(BaseTable table) {
    this.table = table;
    this.ops = table.ops();
    this.backend = ops.backend();
    this.background = ops.background();
  }

  @Override
  public Append appendRecords(List<Map<String, Object>> records) {
    checkOpen();
    DataFiles.Written written = DataFiles.write(backend, table.schema(), ops.dataPrefix(),
        table.targetFileSizeBytes(), records,
        Map.of(DataFiles.TABLE_UUID, table.uuid(), DataFiles.COMMIT_ID, commitId), background);
    files.addAll(written.files());
    ownFiles.addAll(written.files());
    uploads.addAll(written.uploads());
    return this;
  }

  @Override
  public Append appendFile(DataFile file) {
    checkOpen();
    String key = backend.keyOf(file.path());
    Optional<ObjectInfo> info = backend.stat(key);
    if (info.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot append data file " + file.path() + " to table '" + table.name()
              + "': the file does not exist");
    }
    if (info.get().size() != file.fileSizeInBytes()) {
      throw new IllegalArgumentException(
          "Cannot append data file " + file.path() + " to table '" + table.name() + "': it is "
              + info.get().size() + " bytes but the DataFile says " + file.fileSizeInBytes()
              + " (was it rewritten after being described?)");
    }
    files.add(file);
    return this;
  }

  @Override
  public Append set(String key, String value) {
    checkOpen();
    if (key.startsWith("datashard.")) {
      throw new IllegalArgumentException(
          "Snapshot summary key '" + key + "' is reserved (keys starting with 'datashard.')");
    }
    customSummary.put(key, value);
    return this;
  }

  @Override
  public Snapshot commit() {
    checkOpen();
    committed = true;
    return table.commit(this).snapshot();
  }

  private void checkOpen() {
    if (committed) {
      throw new IllegalStateException(
          "This append was already committed; start a new one with table.newAppend()");
    }
  }

  @Override
  public String commitId() {
    return commitId;
  }

  @Override
  public void validate(VersionedMetadata base) {
    // Appends never conflict with appends. Writing into a partitioned table (one created by
    // another engine) is not supported yet and must be refused rather than done wrong.
    if (!base.metadata().isUnpartitioned()) {
      throw new DataShardException(
          "Table '" + table.name() + "' is partitioned (written by another engine):"
              + " DataShard cannot append to partitioned tables yet; nothing was committed");
    }
  }

  @Override
  public TableMetadata apply(VersionedMetadata base, int attempt) {
    TableMetadata meta = base.metadata();
    long sequenceNumber = meta.lastSequenceNumber() + 1;
    Snapshot parent = meta.currentSnapshot();
    List<ManifestFile> baseManifests = ManifestLists.of(backend, table.name(), parent);

    List<String> written = new ArrayList<>(2);
    attemptKeys.put(attempt, written);

    List<ManifestFile> manifests = new ArrayList<>(baseManifests.size() + 1);
    if (!files.isEmpty()) {
      manifests.add(writeManifestOnce(meta.schema()).toBuilder()
          .sequenceNumber(sequenceNumber).minSequenceNumber(sequenceNumber).build());
    }
    // The merged manifest (an occasional, larger write) is written here, in place; it reads the
    // base's manifests, which the upload of ours does not touch.
    String mergeKey = ops.metadataPrefix() + commitId + "-m" + attempt + ".avro";
    ManifestMerger.Result merged = table.manifestMerger().maybeMerge(backend, table.name(),
        meta.schema(), snapshotId, sequenceNumber, baseManifests, mergeKey);
    if (merged.writtenKey() != null) {
      written.add(merged.writtenKey());
    }
    manifests.addAll(merged.manifests());

    String listKey = ops.metadataPrefix() + "snap-" + snapshotId + "-" + attempt + "-" + commitId
        + ".avro";
    byte[] list = ManifestListWriter.write(
        snapshotId, parent == null ? null : parent.snapshotId(), sequenceNumber, manifests);
    written.add(listKey);
    put(listKey, list); // awaited in awaitWrites(), before the commit point
    String listLocation = backend.uri(listKey);
    ManifestLists.remember(listLocation, manifests);

    // Never go back in time relative to the base: asOfTime and other engines rely on a
    // monotonic snapshot log even when writers' clocks disagree slightly.
    long timestamp = Math.max(System.currentTimeMillis(), meta.lastUpdatedMillis());
    Snapshot snapshot = new Snapshot(snapshotId, parent == null ? null : parent.snapshotId(),
        sequenceNumber, timestamp, listLocation, meta.currentSchemaId(),
        SnapshotSummaries.forAppend(files, parent, baseManifests, customSummary, commitId));
    MetadataRetention.Settings retention = table.retentionSettings();
    return meta.withSnapshot(snapshot, backend.uri(ops.versionKey(base.version())),
        retention.previousVersionsMax(), retention.maxSnapshots());
  }

  /**
   * Writes the manifest (it depends only on this append's files) and waits for it and the data
   * files to be durable, before the commit takes its locks; only the manifest list and the
   * metadata, which depend on the base version, are written while they are held.
   */
  @Override
  public void prepare() {
    if (!files.isEmpty()) {
      writeManifestOnce(table.schema());
    }
    awaitUploads();
  }

  @Override
  public void awaitWrites() {
    awaitUploads();
  }

  private ManifestFile writeManifestOnce(Schema schema) {
    if (manifest == null) {
      List<ManifestEntry> entries = new ArrayList<>(files.size());
      for (DataFile f : files) {
        entries.add(ManifestEntry.added(snapshotId, f));
      }
      manifestKey = ops.metadataPrefix() + commitId + "-m0.avro";
      byte[] bytes = ManifestWriter.write(schema, entries);
      ManifestLists.rememberManifest(backend.uri(manifestKey), bytes);
      put(manifestKey, bytes);
      manifest = ManifestFile.builder().path(backend.uri(manifestKey)).length(bytes.length)
          .addedSnapshotId(snapshotId).countsFrom(entries).build();
    }
    return manifest;
  }

  /** Writes a small object: in the background when the warehouse has background writes. */
  private void put(String key, byte[] bytes) {
    if (background == null) {
      backend.put(key, bytes);
    } else {
      uploads.add(background.submit(backend.uri(key), () -> backend.put(key, bytes), () -> { }));
    }
  }

  /**
   * Waits until every upload so far succeeded: the data files, the manifest and this attempt's
   * list. The first failure is thrown as it is (a StorageException naming the object).
   */
  private void awaitUploads() {
    try {
      PendingWrite.awaitAll(uploads);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataShardException(
          "Interrupted while waiting for the files of commit " + commitId + " to be written to"
              + " table '" + table.name() + "'; nothing was committed", e);
    }
    uploads.clear();
  }

  @Override
  public void attemptLost(int attempt) {
    List<String> keys = attemptKeys.remove(attempt);
    if (keys != null && !keys.isEmpty()) {
      deleteQuietly(keys);
    }
  }

  @Override
  public void abort() {
    // Nothing may still be in flight when we delete, or it would land after the delete.
    PendingWrite.discardAll(uploads);
    uploads.clear();
    List<String> keys = new ArrayList<>();
    attemptKeys.values().forEach(keys::addAll);
    if (manifestKey != null) {
      keys.add(manifestKey);
    }
    for (DataFile f : ownFiles) {
      keys.add(backend.keyOf(f.path()));
    }
    deleteQuietly(keys);
  }

  private void deleteQuietly(List<String> keys) {
    // An interrupt that ended the commit must not also stop the clean-up; it is kept.
    boolean interrupted = Thread.interrupted();
    try {
      backend.delete(keys);
    } catch (RuntimeException e) {
      // Unreferenced files are harmless; orphan removal collects them later.
      LOG.warn("Could not delete {} unreferenced file(s) of commit {} in table '{}': {}",
          keys.size(), commitId, table.name(), e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
