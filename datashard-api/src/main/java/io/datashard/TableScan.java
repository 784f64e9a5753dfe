package io.datashard;

import io.datashard.expressions.Expression;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A read of one snapshot of a table. Immutable: every refining method returns a new scan.
 *
 * <pre>{@code
 * List<Map<String, Object>> rows = table.scan()
 *     .useSnapshot(snapshotId)          // or asOfTime(millis); default: the current snapshot
 *     .select("user_id", "event")       // default: every column
 *     .filter(Expressions.equal("event", "login"))   // default: every row
 *     .toRecords();
 * }</pre>
 *
 * <p>A read skips data files whose manifest metrics prove no row can match the filter, skips
 * Parquet row groups whose statistics prove the same, fetches only the selected and filter
 * columns, and then tests every remaining row, so exactly the matching rows are returned. What
 * it did is available from {@link #report()} once it finished.
 *
 * <p>Rows come in data-file order when {@link #parallelism(int)} is 1 (the default); with more
 * threads, batches of different files interleave.
 */
public interface TableScan {
  /**
   * Reads the snapshot with this id.
   *
   * @throws io.datashard.exceptions.SnapshotExpiredException if there is no such snapshot and
   *     older snapshots were expired from the metadata ({@code history.max-snapshots})
   * @throws IllegalArgumentException if the table has no such snapshot
   */
  TableScan useSnapshot(long snapshotId);

  /**
   * Reads the snapshot that was current at this time (epoch milliseconds).
   *
   * @throws io.datashard.exceptions.SnapshotExpiredException if that time is before the oldest
   *     snapshot the metadata still lists ({@code history.max-snapshots})
   * @throws IllegalArgumentException if no snapshot was current then (the table was empty)
   */
  TableScan asOfTime(long timestampMillis);

  /**
   * Reads only these columns, in this order.
   *
   * @throws IllegalArgumentException naming a column that does not exist
   */
  TableScan select(String... columns);

  /**
   * Returns only the rows for which the filter is true; a second call combines both filters
   * with and. See {@link Expression} for null and NaN semantics.
   *
   * @throws IllegalArgumentException naming the column if the filter names an unknown column or
   *     a literal is not of a Java type the column accepts on write
   */
  TableScan filter(Expression filter);

  /** The filter of this scan ({@code Expressions.alwaysTrue()} by default). */
  Expression filter();

  /**
   * Rows per batch decoded and per Arrow record batch handed out (at most; filtered batches may
   * be smaller). Default 8192.
   *
   * @throws IllegalArgumentException if not positive
   */
  TableScan batchSize(int rows);

  /**
   * Data files read at once by this many threads (default 1). Memory stays bounded: at most
   * about 3 batches per thread are held, plus each thread's current row group of the read
   * columns.
   *
   * @throws IllegalArgumentException if not positive
   */
  TableScan parallelism(int threads);

  /**
   * Chooses the Parquet reader of this scan: Arrow's native reader (arrow-dataset, JNI) for
   * local data files, or the pure-Java reader. Both return exactly the same rows and Arrow schema.
   * Default: the table's {@code read.native} setting ({@code DATASHARD_READ_NATIVE}: {@code auto},
   * {@code true} or {@code false}), which defaults to {@link NativeReader#AUTO}. With {@link
   * NativeReader#REQUIRED}, reading fails with a {@link io.datashard.exceptions.DataShardException}
   * if the native library does not load on this platform. {@link ScanReport#filesReadNative()}
   * and {@link ScanReport#javaReadReasons()} tell which reader read each file.
   *
   * @throws IllegalArgumentException if the mode is null
   */
  TableScan nativeReader(NativeReader mode);

  /** Calls the listener with the {@link ScanReport} of every read of this scan when it ends. */
  TableScan onReport(Consumer<ScanReport> listener);

  /**
   * The report of the last read of this scan object that ended (a {@code toRecords}, {@code
   * count}, or an Arrow reader that was exhausted or closed), or null if none has.
   */
  ScanReport report();

  /** The snapshot this scan reads, or null for a table with no snapshot. */
  Snapshot snapshot();

  /** The schema of the rows this scan returns. */
  Schema schema();

  /** The data files of the snapshot (live entries of its manifests). */
  List<DataFile> planFiles();

  /**
   * Reads every row into memory: one map per row, keys in {@link #schema()} order, values as
   * described in {@link io.datashard.types.Types}.
   *
   * @throws io.datashard.exceptions.CorruptTableException if a manifest or data file is missing or
   *     corrupt
   */
  List<Map<String, Object>> toRecords();

  /**
   * Streams the matching rows as Arrow record batches of at most {@link #batchSize(int)} rows,
   * allocated from {@code allocator}. The caller closes the reader (which stops reading threads
   * and frees every buffer it holds). Types follow Iceberg's Arrow mapping, and every field
   * carries its field id in its metadata as {@code PARQUET:field_id}; see docs/reading.md. The
   * JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (Arrow's memory access).
   */
  ArrowReader toArrow(BufferAllocator allocator);

  /**
   * Reads every matching row into one {@link VectorSchemaRoot}, for small results. The caller
   * closes it.
   */
  VectorSchemaRoot toArrowTable(BufferAllocator allocator);

  /**
   * The row count and, for each column of {@link #schema()}, value, null and NaN counts and
   * lower/upper bounds of the matching rows. Answered from the manifests alone (no data file is
   * opened; {@link ScanStatistics#fromMetadata()} is true) when the filter is trivial or when file
   * pruning leaves no file; parts a manifest lacks are null, and string/binary bounds may be
   * truncated (see {@link ColumnStatistics#boundsExact()}). Otherwise the matching rows are read
   * (only the selected and filter columns) and every statistic is exact.
   */
  ScanStatistics statistics();

  /**
   * The number of matching rows. With no filter it comes from the manifests alone (no data file
   * is opened); with a filter only the filter's columns are read.
   */
  long count();
}
