package io.datashard;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A handle on one table. Obtain it from {@link DataShard} or a {@link Warehouse}.
 *
 * <p>A handle caches the version of the table it last saw; {@link #refresh()} moves it to the
 * newest committed version, and every commit refreshes it as a side effect. Handles are
 * thread-safe; many handles (in many threads, processes and machines) may write to one table at
 * once — each commit is atomic and no committed row is ever lost or duplicated.
 *
 * <p>Every write is validated against the schema first; on any error nothing becomes visible.
 */
public interface Table {
  /** The table's name in its warehouse, e.g. {@code events} or {@code team/events}. */
  String name();

  /** The URI of the table's root folder. */
  String location();

  /** The table's unique id ({@code table-uuid}). */
  String uuid();

  /** The current schema. */
  Schema schema();

  /** The table properties. */
  Map<String, String> properties();

  /**
   * Validates the records against the schema, writes them as Parquet data files and commits them
   * as one snapshot. See {@link io.datashard.types.Types} for the Java types accepted per column.
   *
   * @return the committed snapshot
   * @throws io.datashard.exceptions.SchemaMismatchException if a record does not fit the schema
   *     (nothing is committed)
   * @throws io.datashard.exceptions.CommitConflictException if the retry budget ran out
   * @throws io.datashard.exceptions.CommitStateUnknownException if the outcome cannot be known
   */
  Snapshot appendRecords(List<Map<String, Object>> records);

  /** Starts an append that collects several batches and data files into one commit. */
  Append newAppend();

  /**
   * Validates and writes records as data files without committing them; commit them later with
   * {@link #newAppend()}{@code .appendFile(...)} (possibly from another process). Files that are
   * never committed are invisible and are cleaned up by orphan-file removal.
   */
  List<DataFile> writeDataFiles(List<Map<String, Object>> records);

  /** Moves this handle to the newest committed version; returns this handle. */
  Table refresh();

  /** The snapshot this handle sees as current, or null for an empty table. */
  Snapshot currentSnapshot();

  /**
   * The snapshots the metadata lists, oldest first: the newest {@code history.max-snapshots}
   * (default 100; 0 keeps all), plus any a ref points to.
   */
  List<Snapshot> snapshots();

  /**
   * The snapshot with this id.
   *
   * @throws io.datashard.exceptions.SnapshotExpiredException if there is none and older
   *     snapshots were expired from the metadata ({@code history.max-snapshots})
   * @throws IllegalArgumentException if there is none
   */
  Snapshot snapshot(long snapshotId);

  /** Which snapshot became current when, oldest first, as far back as the kept snapshots go. */
  List<HistoryEntry> history();

  /** A scan of the current snapshot (or another one: see {@link TableScan}). */
  TableScan scan();

  /**
   * Time-limited GET URLs for every data file of a snapshot, for readers without credentials
   * (e.g. a browser, DuckDB's httpfs, a partner): data file location → URL, in scan order.
   *
   * @throws io.datashard.exceptions.DataShardException if the storage backend cannot presign
   *     (the local backend)
   * @throws IllegalArgumentException if the expiry is not positive or exceeds the backend's
   *     maximum (7 days on S3)
   */
  Map<String, URI> presignFiles(Snapshot snapshot, Duration expiry);
}
