package io.datashard.internal.table;

import io.datashard.Append;
import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.HistoryEntry;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.exceptions.CommitConflictException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.internal.commit.CommitGroup;
import io.datashard.internal.commit.Committer;
import io.datashard.internal.commit.Committer.CommitResult;
import io.datashard.internal.commit.PendingCommit;
import io.datashard.internal.commit.RetryPolicy;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.table.SharedTableState.QueuedCommit;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import io.datashard.exceptions.DataShardException;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.SupportsPresign;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link Table} implementation: a handle caching the version it last saw. */
public final class BaseTable implements Table {
  /** Set to false to let threads of one JVM race at the commit point like separate processes. */
  public static final String JVM_COMMIT_LOCK = "commit.jvm.lock";
  /** The most queued changes one lock holder commits in one metadata version. */
  static final int MAX_GROUP_SIZE = 100;

  private final TableOperations ops;
  private final DataShardConfig config;
  private final RetryPolicy retryPolicy;
  private final long targetFileSizeBytes;
  private final boolean jvmLock;
  private final SharedTableState shared;
  private final ProcessCommitLock processLock;
  private final ManifestMerger manifestMerger;
  private final MetadataRetention.Settings retentionSettings;
  private final MetadataRetention retention;
  private final AtomicReference<VersionedMetadata> current;

  /** The settings this table was opened with (scans read {@code read.native} from them). */
  DataShardConfig config() {
    return config;
  }

  public BaseTable(TableOperations ops, DataShardConfig config, VersionedMetadata loaded) {
    this.ops = ops;
    this.config = config;
    this.retryPolicy = RetryPolicy.from(config);
    this.targetFileSizeBytes = config.getLong(
        DataShardConfig.TARGET_FILE_SIZE_BYTES, 128L * 1024 * 1024, 1024, Long.MAX_VALUE);
    this.jvmLock = Boolean.parseBoolean(config.get(JVM_COMMIT_LOCK, "true"));
    this.shared = SharedTableState.of(ops.location());
    this.processLock = new ProcessCommitLock(ops, config, shared.processLockUnusableReported);
    this.manifestMerger = new ManifestMerger(config);
    this.retentionSettings = MetadataRetention.Settings.from(config);
    this.retention = new MetadataRetention(ops, shared);
    this.current = new AtomicReference<>(loaded);
    shared.saw(loaded);
  }

  /**
   * Validates the table settings of a configuration, so a bad value fails when the warehouse
   * opens rather than after a table was created.
   *
   * @throws io.datashard.exceptions.DataShardException naming the key of a bad value
   */
  public static void checkSettings(DataShardConfig config) {
    MetadataRetention.check(config);
    ProcessCommitLock.check(config);
  }

  TableOperations ops() {
    return ops;
  }

  ManifestMerger manifestMerger() {
    return manifestMerger;
  }

  long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  MetadataRetention.Settings retentionSettings() {
    return retentionSettings;
  }

  /** The metadata this handle currently sees. */
  public TableMetadata metadata() {
    return current.get().metadata();
  }

  /**
   * Commits a pending change: the only path by which this handle's table changes.
   *
   * <p>With the per-JVM lock on, the change is queued and the thread takes the lock; whoever holds
   * it commits every queued change of this process in one metadata version (group commit), so a
   * thread often finds its change already committed by the previous holder when it gets the
   * lock. Without the lock, threads race for each version like separate processes.
   *
   * <p>Whoever commits then takes the cross-process lock where the backend offers one ({@link
   * ProcessCommitLock}). Then everything that does not depend on the base version (data files,
   * manifest) is made durable before either lock is taken ({@link PendingCommit#prepare}), so
   * the locks are held only for the writes that do depend on it.
   */
  CommitResult commit(PendingCommit change) {
    if (processLock.active()) {
      // Only when a cross-process lock will be held: without one (S3), the data files, manifest
      // and manifest list go up together in one round trip, which waiting here would split.
      try {
        change.prepare();
      } catch (RuntimeException | Error e) {
        change.abort(); // a definite failure before the commit point
        throw e;
      }
    }
    CommitResult result;
    if (!jvmLock) {
      result = commitUnderProcessLock(change);
    } else {
      QueuedCommit mine = shared.enqueue(change);
      shared.commitLock().lock();
      try {
        if (!mine.result.isDone()) {
          commitQueued();
        }
      } finally {
        shared.commitLock().unlock();
      }
      result = outcome(mine);
    }
    advance(result.metadata());
    // After the lock and off the caller's path: stubbing a superseded version is housekeeping,
    // not part of the commit, and neither this writer nor the next committer need wait for it.
    retention.afterCommit(result.metadata());
    return result;
  }

  /** Under the lock: commits the queued changes (ours among them) and completes each of them. */
  private void commitQueued() {
    List<QueuedCommit> group = shared.drain(MAX_GROUP_SIZE);
    if (group.size() == 1) {
      QueuedCommit only = group.get(0);
      try {
        only.result.complete(commitUnderProcessLock(only.change));
      } catch (Throwable t) {
        only.result.completeExceptionally(t);
      }
      return;
    }
    CommitGroup change = new CommitGroup(group.stream().map(q -> q.change).toList());
    try {
      CommitResult result = commitUnderProcessLock(change);
      for (QueuedCommit q : group) {
        // Each member's own snapshot. It is missing only if the group's success was learned from
        // a stub after more than history.max-snapshots later commits: then only the last
        // member's snapshot (the one the stub records) is known.
        Snapshot own = result.metadata().metadata().snapshotByCommitId(q.change.commitId());
        if (own == null && q.change.commitId().equals(change.commitId())) {
          own = result.snapshot();
        }
        q.result.complete(new CommitResult(result.metadata(), own));
      }
    } catch (CommitStateUnknownException e) {
      for (QueuedCommit q : group) {
        // Each writer must be told its own commit id to look for.
        q.result.completeExceptionally(new CommitStateUnknownException(
            "Commit " + q.change.commitId() + " to table '" + name() + "' was committed together"
                + " with " + (group.size() - 1) + " other commit(s) of this process and its"
                + " outcome is unknown: look for datashard.commit-id=" + q.change.commitId()
                + " in the table's snapshots before retrying. Cause: " + e.getMessage(),
            q.change.commitId(), e));
      }
    } catch (Throwable t) {
      group.forEach(q -> q.result.completeExceptionally(t));
    }
  }

  /**
   * Commits {@code change} holding the cross-process lock when it can be had. Holding it, the
   * newest version is looked up first (other processes committed while we waited), so the first
   * attempt is normally the only one. Without it (off, not offered, timed out, unusable), the
   * optimistic path: build on the newest version this process knows and race.
   */
  private CommitResult commitUnderProcessLock(PendingCommit change) {
    ProcessCommitLock.Held held;
    try {
      held = processLock.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      change.abort();
      throw new CommitConflictException("Interrupted while waiting for the commit lock of table '"
          + name() + "'; nothing was committed", e);
    }
    try (held) {
      VersionedMetadata base = shared.newest(current.get());
      if (held.locked()) {
        try {
          base = ops.latestSkippingAhead(base);
        } catch (RuntimeException e) {
          change.abort(); // nothing was attempted yet: a definite failure
          throw e;
        }
      }
      CommitResult result = new Committer(ops, retryPolicy).commit(base, change);
      shared.saw(result.metadata()); // before the locks are released: the next holder builds on it
      return result;
    }
  }

  private static CommitResult outcome(QueuedCommit q) {
    try {
      return q.result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new DataShardException("Commit failed: " + cause, cause);
    }
  }

  private void advance(VersionedMetadata v) {
    current.accumulateAndGet(v, (a, b) -> b.version() > a.version() ? b : a);
    shared.saw(v);
  }

  @Override
  public String name() {
    return ops.name();
  }

  @Override
  public String location() {
    return metadata().location();
  }

  @Override
  public String uuid() {
    return metadata().tableUuid();
  }

  @Override
  public Schema schema() {
    return metadata().schema();
  }

  @Override
  public Map<String, String> properties() {
    return metadata().properties();
  }

  @Override
  public Snapshot appendRecords(List<Map<String, Object>> records) {
    return newAppend().appendRecords(records).commit();
  }

  @Override
  public Append newAppend() {
    return new AppendOperation(this);
  }

  @Override
  public List<DataFile> writeDataFiles(List<Map<String, Object>> records) {
    // Published before returning (appendFile checks the file exists); not yet tied to a commit,
    // so only the table's uuid is recorded with each file.
    return DataFiles.write(ops.backend(), schema(), ops.dataPrefix(), targetFileSizeBytes,
        records, Map.of(DataFiles.TABLE_UUID, uuid()));
  }

  @Override
  public Table refresh() {
    advance(ops.refresh(shared.newest(current.get())));
    return this;
  }

  @Override
  public Snapshot currentSnapshot() {
    return metadata().currentSnapshot();
  }

  @Override
  public List<Snapshot> snapshots() {
    return metadata().snapshots();
  }

  @Override
  public Snapshot snapshot(long snapshotId) {
    TableMetadata m = metadata();
    Snapshot s = m.snapshot(snapshotId);
    if (s == null && m.historyTrimmed()) {
      throw SnapshotRetention.expired(this, m, "Table '" + name() + "' has no snapshot "
          + snapshotId + " among the " + m.snapshots().size() + " its metadata lists");
    }
    if (s == null) {
      throw new IllegalArgumentException(
          "Table '" + name() + "' has no snapshot " + snapshotId + " (it has "
              + metadata().snapshots().size() + " snapshots; refresh() to see newer ones)");
    }
    return s;
  }

  @Override
  public List<HistoryEntry> history() {
    return metadata().snapshotLog();
  }

  @Override
  public TableScan scan() {
    return BaseTableScan.of(this, metadata());
  }

  @Override
  public Map<String, URI> presignFiles(Snapshot snapshot, Duration expiry) {
    StorageBackend backend = ops.backend();
    if (!(backend instanceof SupportsPresign)) {
      throw new DataShardException(
          "Cannot presign the files of table '" + name() + "': the " + backend.type()
              + " storage backend has no presigned URLs. They need an object store backend"
              + " such as s3 (DATASHARD_STORAGE_TYPE=s3)");
    }
    SupportsPresign presign = (SupportsPresign) backend;
    SupportsPresign.checkExpiry(expiry, presign.maxPresignExpiry());
    Map<String, URI> urls = new LinkedHashMap<>();
    for (DataFile f : scan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      urls.put(f.path(), presign.presignGet(backend.keyOf(f.path()), expiry));
    }
    return urls;
  }

  @Override
  public String toString() {
    return "Table{" + name() + " at " + location() + ", version " + current.get().version() + "}";
  }
}
