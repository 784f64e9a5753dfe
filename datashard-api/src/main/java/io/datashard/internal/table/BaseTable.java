package io.datashard.internal.table;

import io.datashard.Append;
import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.HistoryEntry;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.internal.commit.Committer;
import io.datashard.internal.commit.RetryPolicy;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import io.datashard.exceptions.DataShardException;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.SupportsPresign;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link Table} implementation: a handle caching the version it last saw. */
public final class BaseTable implements Table {
  /** Set to false to let threads of one JVM race at the commit point like separate processes. */
  public static final String JVM_COMMIT_LOCK = "commit.jvm.lock";

  private final TableOperations ops;
  private final DataShardConfig config;
  private final RetryPolicy retryPolicy;
  private final long targetFileSizeBytes;
  private final boolean jvmLock;
  private final SharedTableState shared;
  private final ManifestMerger manifestMerger;
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
    this.manifestMerger = new ManifestMerger(config);
    this.current = new AtomicReference<>(loaded);
    shared.saw(loaded);
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

  /** The metadata this handle currently sees. */
  public TableMetadata metadata() {
    return current.get().metadata();
  }

  /** Commits a pending change: the only path by which this handle's table changes. */
  VersionedMetadata commit(AppendOperation change) {
    Committer committer = new Committer(ops, retryPolicy);
    if (jvmLock) {
      shared.commitLock().lock();
    }
    try {
      VersionedMetadata base = shared.newest(current.get());
      VersionedMetadata result = committer.commit(base, change);
      advance(result);
      return result;
    } finally {
      if (jvmLock) {
        shared.commitLock().unlock();
      }
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
    return DataFiles.write(ops.backend(), schema(), ops.dataPrefix(), targetFileSizeBytes,
        records);
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
    Snapshot s = metadata().snapshot(snapshotId);
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
