package io.datashard.internal.table;

import io.datashard.DataFile;
import io.datashard.HistoryEntry;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.TableScan;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.ParquetDataReader;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link TableScan} implementation; immutable. */
final class BaseTableScan implements TableScan {
  private final BaseTable table;
  private final TableMetadata metadata;
  private final Snapshot snapshot;
  private final Schema projection;

  private BaseTableScan(BaseTable table, TableMetadata metadata, Snapshot snapshot,
      Schema projection) {
    this.table = table;
    this.metadata = metadata;
    this.snapshot = snapshot;
    this.projection = projection;
  }

  static BaseTableScan of(BaseTable table, TableMetadata metadata) {
    return new BaseTableScan(table, metadata, metadata.currentSnapshot(), metadata.schema());
  }

  @Override
  public TableScan useSnapshot(long snapshotId) {
    Snapshot s = metadata.snapshot(snapshotId);
    if (s == null) {
      throw new IllegalArgumentException(
          "Cannot scan snapshot " + snapshotId + " of table '" + table.name()
              + "': no such snapshot (the table has " + metadata.snapshots().size()
              + " snapshots; call table.refresh() to see newer ones)");
    }
    return new BaseTableScan(table, metadata, s, projection);
  }

  @Override
  public TableScan asOfTime(long timestampMillis) {
    Long id = null;
    for (HistoryEntry h : metadata.snapshotLog()) {
      if (h.timestampMillis() <= timestampMillis) {
        id = h.snapshotId();
      }
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
          metadata.schema().select(Arrays.asList(columns)));
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
      byte[] bytes;
      try {
        bytes = backend.read(backend.keyOf(m.path()));
      } catch (ObjectNotFoundException e) {
        throw new CorruptTableException(
            "Manifest " + m.path() + " of snapshot " + snapshot.snapshotId() + " of table '"
                + table.name() + "' is missing: restore it from a backup, or read an older"
                + " snapshot", e);
      }
      for (ManifestEntry e : ManifestReader.read(bytes, m)) {
        if (e.status() != ManifestEntry.Status.DELETED) {
          files.add(e.file());
        }
      }
    }
    return files;
  }

  @Override
  public List<Map<String, Object>> toRecords() {
    List<Map<String, Object>> rows = new ArrayList<>();
    StorageBackend backend = table.ops().backend();
    List<Field> fields = projection.fields();
    for (DataFile file : planFiles()) {
      String key = backend.keyOf(file.path());
      try (CloseableIterator<Object[]> it = ParquetDataReader.open(backend, key, projection)) {
        while (it.hasNext()) {
          Object[] values = it.next();
          Map<String, Object> row = new LinkedHashMap<>(fields.size() * 2);
          for (int i = 0; i < values.length; i++) {
            row.put(fields.get(i).name(), values[i]);
          }
          rows.add(row);
        }
      } catch (ObjectNotFoundException e) {
        throw new CorruptTableException(
            "Data file " + file.path() + " of snapshot " + snapshot.snapshotId() + " of table '"
                + table.name() + "' is missing: it was deleted outside DataShard or the table"
                + " was copied without it. Restore the file, or read an older snapshot", e);
      }
    }
    return rows;
  }
}
