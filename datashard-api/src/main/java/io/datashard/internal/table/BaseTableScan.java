package io.datashard.internal.table;

import io.datashard.DataFile;
import io.datashard.HistoryEntry;
import io.datashard.NativeReader;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.TableScan;
import io.datashard.expressions.Expression;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.read.BoundFilter;
import io.datashard.internal.scan.ScanExecution;
import io.datashard.spi.StorageBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** The {@link TableScan} implementation; immutable. */
final class BaseTableScan implements TableScan {
  private final BaseTable table;
  private final TableMetadata metadata;
  private final Snapshot snapshot;
  private final Schema projection;
  private final ScanOptions options;
  /** The report of this scan object's last read that ended. */
  private final AtomicReference<ScanReport> lastReport = new AtomicReference<>();

  private BaseTableScan(BaseTable table, TableMetadata metadata, Snapshot snapshot,
      Schema projection, ScanOptions options) {
    this.table = table;
    this.metadata = metadata;
    this.snapshot = snapshot;
    this.projection = projection;
    this.options = options;
  }

  static BaseTableScan of(BaseTable table, TableMetadata metadata) {
    return new BaseTableScan(table, metadata, metadata.currentSnapshot(), metadata.schema(),
        ScanOptions.DEFAULTS);
  }

  private BaseTableScan with(ScanOptions o) {
    return new BaseTableScan(table, metadata, snapshot, projection, o);
  }

  @Override
  public TableScan filter(Expression filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter() needs an expression, got null");
    }
    try {
      BoundFilter.validate(filter, metadata.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot filter table '" + table.name() + "': " + e.getMessage(), e);
    }
    return with(options.withFilter(filter));
  }

  @Override
  public Expression filter() {
    return options.filter;
  }

  @Override
  public TableScan batchSize(int rows) {
    return with(options.withBatchSize(rows));
  }

  @Override
  public TableScan parallelism(int threads) {
    return with(options.withParallelism(threads));
  }

  @Override
  public TableScan nativeReader(NativeReader mode) {
    return with(options.withNativeReader(mode));
  }

  @Override
  public TableScan onReport(Consumer<ScanReport> listener) {
    return with(options.withListener(listener));
  }

  @Override
  public ScanReport report() {
    return lastReport.get();
  }

  @Override
  public TableScan useSnapshot(long snapshotId) {
    Snapshot s = metadata.snapshot(snapshotId);
    if (s == null && metadata.historyTrimmed()) {
      throw SnapshotRetention.expired(table, metadata, "Cannot scan snapshot " + snapshotId
          + " of table '" + table.name() + "': it is not among the " + metadata.snapshots().size()
          + " snapshots the metadata lists");
    }
    if (s == null) {
      throw new IllegalArgumentException(
          "Cannot scan snapshot " + snapshotId + " of table '" + table.name()
              + "': no such snapshot (the table has " + metadata.snapshots().size()
              + " snapshots; call table.refresh() to see newer ones)");
    }
    return new BaseTableScan(table, metadata, s, projection, options);
  }

  @Override
  public TableScan asOfTime(long timestampMillis) {
    Long id = null;
    for (HistoryEntry h : metadata.snapshotLog()) {
      if (h.timestampMillis() <= timestampMillis) {
        id = h.snapshotId();
      }
    }
    if (id == null && metadata.historyTrimmed()) {
      throw SnapshotRetention.expired(table, metadata, "Cannot scan table '" + table.name()
          + "' as of " + timestampMillis + " (" + java.time.Instant.ofEpochMilli(timestampMillis)
          + "): that is before the oldest snapshot the metadata lists");
    }
    if (id == null) {
      throw new IllegalArgumentException(
          "Cannot scan table '" + table.name() + "' as of " + timestampMillis + " ("
              + java.time.Instant.ofEpochMilli(timestampMillis) + "): no snapshot was current"
              + " then; the first one was committed at "
              + (metadata.snapshotLog().isEmpty() ? "(none yet)"
                  : java.time.Instant.ofEpochMilli(metadata.snapshotLog().get(0).timestampMillis())));
    }
    return useSnapshot(id);
  }

  @Override
  public TableScan select(String... columns) {
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException("select() needs at least one column name");
    }
    try {
      return new BaseTableScan(table, metadata, snapshot,
          metadata.schema().select(Arrays.asList(columns)), options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot select from table '" + table.name() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public Schema schema() {
    return projection;
  }

  @Override
  public List<DataFile> planFiles() {
    StorageBackend backend = table.ops().backend();
    List<DataFile> files = new ArrayList<>();
    for (ManifestFile m : ManifestLists.of(backend, table.name(), snapshot)) {
      for (ManifestEntry e : ManifestLists.entries(backend, table.name(), m)) {
        if (e.status() != ManifestEntry.Status.DELETED) {
          files.add(e.file());
        }
      }
    }
    return files;
  }

  @Override
  public List<Map<String, Object>> toRecords() {
    return execution().toRecords();
  }

  @Override
  public ArrowReader toArrow(BufferAllocator allocator) {
    return execution().toArrow(allocator);
  }

  @Override
  public VectorSchemaRoot toArrowTable(BufferAllocator allocator) {
    return execution().toArrowTable(allocator);
  }

  @Override
  public io.datashard.ScanStatistics statistics() {
    return execution().statistics();
  }

  @Override
  public long count() {
    return execution().count();
  }

  /** The scan's reader mode, else the table's {@code read.native} setting (checked here). */
  private NativeReader nativeReaderMode() {
    return options.nativeReader != null ? options.nativeReader
        : NativeReader.fromSetting(table.config().get(NativeReader.SETTING, null));
  }

  /** The {@code read.column-threads} setting (checked here): default processors, at most 8. */
  private int columnThreads() {
    int processors = Math.min(8, Runtime.getRuntime().availableProcessors());
    return (int) table.config().getLong(io.datashard.DataShardConfig.READ_COLUMN_THREADS,
        processors, 1, 64);
  }

  /** Plans one read: the snapshot's files, pruned by the filter. */
  ScanExecution execution() {
    List<DataFile> files = snapshot == null ? List.of() : planFiles();
    Consumer<ScanReport> listener = options.listener;
    return new ScanExecution(table.ops().backend(), table.name(),
        snapshot == null ? null : snapshot.snapshotId(), files, metadata.schema(), projection,
        options.filter, options.batchSize, options.parallelism, nativeReaderMode(),
        columnThreads(),
        r -> {
          lastReport.set(r);
          if (listener != null) {
            listener.accept(r);
          }
        });
  }
}
