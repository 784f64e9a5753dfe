package io.datashard.internal.scan;

import io.datashard.DataFile;
import io.datashard.NativeReader;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.expressions.Expression;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.SingleValueSerialization;
import io.datashard.internal.read.BoundFilter;
import io.datashard.internal.read.ColumnBatch;
import io.datashard.internal.read.ColumnStats;
import io.datashard.internal.read.ColumnarFileReader;
import io.datashard.internal.read.Kind;
import io.datashard.internal.read.NativeFileReader;
import io.datashard.internal.read.NativeLibrary;
import io.datashard.internal.read.ReadCounters;
import io.datashard.internal.read.VectorFileReader;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * One read of a scan: prunes the snapshot's data files with their manifest metrics, then reads
 * the rest as column batches (only the projected and filter columns, skipping row groups by
 * their statistics, filtering every row), and reports what it did when it ends.
 */
public final class ScanExecution {
  /** Files with fewer rows are decoded on one thread (see {@link #columnThreadsFor}). */
  static final long MIN_ROWS_FOR_COLUMN_THREADS = 65_536;

  private final StorageBackend backend;
  private final Long snapshotId;
  private final String tableName;
  private final Schema projection;
  private final List<Field> readFields;
  private final Expression filter;
  private final BoundFilter bound;
  private final int batchSize;
  private final int parallelism;
  private final NativeReader nativeMode;
  private final int columnThreads;
  private final Consumer<ScanReport> onReport;
  /** Where native batches are imported: a child of the caller's allocator, per file. */
  private volatile BufferAllocator nativeAllocator;
  /** Where the vectorized Java reader allocates: the allocator of a {@link #toArrow} read. */
  private volatile BufferAllocator vectorAllocator;
  private final ReadCounters counters = new ReadCounters();
  private final AtomicBoolean reported = new AtomicBoolean();
  private final List<DataFile> files = new ArrayList<>();

  public ScanExecution(StorageBackend backend, String tableName, Long snapshotId,
      List<DataFile> snapshotFiles, Schema tableSchema, Schema projection, Expression filter,
      int batchSize, int parallelism, NativeReader nativeMode, int columnThreads,
      Consumer<ScanReport> onReport) {
    this.backend = backend;
    this.tableName = tableName;
    this.snapshotId = snapshotId;
    this.projection = projection;
    this.filter = filter;
    this.batchSize = batchSize;
    this.parallelism = parallelism;
    this.nativeMode = nativeMode;
    this.columnThreads = columnThreads;
    this.onReport = onReport;
    this.readFields = new ArrayList<>(projection.fields());
    for (String name : BoundFilter.columns(filter)) {
      Field f = tableSchema.findField(name);
      if (f != null && projection.findField(f.id()) == null) {
        readFields.add(f);
      }
    }
    this.bound = BoundFilter.bind(filter, tableSchema, readFields);
    for (DataFile file : snapshotFiles) {
      counters.filesConsidered.incrementAndGet();
      if (bound.mightMatch(id -> fileStats(tableSchema, file, id))) {
        files.add(file);
      } else {
        counters.filesSkipped.incrementAndGet();
      }
    }
  }

  /** The data files that survive pruning, in snapshot order. */
  public List<DataFile> files() {
    return files;
  }

  /** True if the filter passes every row, so counts can come from metadata. */
  public boolean filterIsTrivial() {
    return bound.isAlwaysTrue();
  }

  /** The matching rows in column batches; close the iterator (ends the read). */
  public CloseableIterator<ColumnBatch> batches() {
    startRead(NativeLibrary::sharedAllocator);
    BatchStream stream = new BatchStream(files.size(), i -> open(i, false), parallelism);
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return stream.hasNext();
      }

      @Override
      public ColumnBatch next() {
        ColumnBatch b = stream.next();
        counters.rowsReturned.addAndGet(b.size());
        return b;
      }

      @Override
      public void close() {
        try {
          stream.close();
        } finally {
          finish();
        }
      }
    };
  }

  /**
   * Fixes where native batches go for this read and, in REQUIRED mode, fails at once if the
   * native library is not usable here (before any thread starts or file opens).
   */
  private void startRead(java.util.function.Supplier<BufferAllocator> allocator) {
    if (nativeMode == NativeReader.DISABLED || files.isEmpty()) {
      return;
    }
    if (nativeMode == NativeReader.REQUIRED && !NativeLibrary.available()) {
      finish();
      throw new DataShardException(
          "Cannot read table '" + tableName + "' with the native Parquet reader: it was required"
              + " (read.native=true, DATASHARD_READ_NATIVE=true or"
              + " scan.nativeReader(NativeReader.REQUIRED)), but Arrow's native dataset library"
              + " (arrow-dataset, JNI) does not load on this platform ("
              + NativeLibrary.platform() + "): " + NativeLibrary.unavailableReason()
              + ". Use read.native=auto to fall back to the pure-Java reader, or run on Linux or"
              + " macOS (x86_64/aarch64) with arrow-dataset and arrow-c-data on the class path");
    }
    if (NativeLibrary.available()) {
      nativeAllocator = allocator.get();
    }
  }

  /**
   * Opens file i with the reader that suits it.
   *
   * @param handOver the consumer writes Arrow and releases every batch ({@link
   *     NativeFileReader})
   */
  private CloseableIterator<ColumnBatch> open(int i, boolean handOver) {
    DataFile file = files.get(i);
    counters.filesRead.incrementAndGet();
    ColumnarFileReader java;
    try {
      java = new ColumnarFileReader(backend, backend.keyOf(file.path()), readFields, bound,
          batchSize, counters);
    } catch (ObjectNotFoundException e) {
      throw new CorruptTableException(
          "Data file " + file.path() + " of snapshot " + snapshotId + " of table '" + tableName
              + "' is missing: it was deleted outside DataShard or the table was copied without"
              + " it. Restore the file, or read an older snapshot", e);
    }
    if (handOver) {
      CloseableIterator<ColumnBatch> vectorized = openVectorized(java, file);
      if (vectorized != null) {
        return vectorized;
      }
    }
    String why = whyNotNative(java);
    if (why == null) {
      NativeFileReader reader = openNative(java, handOver);
      if (reader == null) {
        why = "native library unavailable";
      } else if (reader.unsuitableReason() != null) {
        why = reader.unsuitableReason();
        reader.close();
      } else {
        // The footer was read (and counted) by the Java reader; the native one reads every row
        // group's chunks of the read columns.
        counters.rowGroupsConsidered.addAndGet(java.rowGroupCount());
        counters.rowGroupsRead.addAndGet(java.rowGroupCount());
        counters.bytesRead.addAndGet(java.readColumnChunkBytes());
        counters.filesReadNative.incrementAndGet();
        java.close();
        return reader;
      }
    }
    counters.readWithJava(why);
    return java;
  }

  /**
   * The vectorized Java reader of a file whose rows all go to Arrow, or null where another reader
   * is used: when the native reader is required, a filter drops rows, or a column is not one it
   * decodes ({@link VectorFileReader#unsuitableReason}).
   */
  private CloseableIterator<ColumnBatch> openVectorized(ColumnarFileReader java, DataFile file) {
    BufferAllocator allocator = vectorAllocator;
    if (allocator == null || nativeMode == NativeReader.REQUIRED || !bound.isAlwaysTrue()
        || java.rowGroupCount() == 0
        || java.rowGroupsTheFilterSkips() > 0) {
      return null;
    }
    if (!java.readsAnyColumn() || VectorFileReader.unsuitableReason(java, readFields) != null) {
      return null;
    }
    List<org.apache.arrow.vector.types.pojo.ArrowType> types = new ArrayList<>();
    for (Field f : readFields) {
      types.add(ArrowSchemas.arrowType((io.datashard.types.PrimitiveType) f.type()));
    }
    VectorFileReader reader;
    try {
      reader = new VectorFileReader(allocator, backend, backend.keyOf(file.path()), java,
          readFields, types, batchSize, counters, columnThreadsFor(java.rowCount()));
    } finally {
      java.close(); // the vectorized reader reads the chunks itself
    }
    counters.rowGroupsConsidered.addAndGet(java.rowGroupCount());
    counters.rowGroupsRead.addAndGet(java.rowGroupCount());
    counters.bytesRead.addAndGet(java.readColumnChunkBytes());
    counters.filesReadVectorized.incrementAndGet();
    return reader;
  }

  /** Why this file goes to the Java reader, or null to try the native one. */
  private String whyNotNative(ColumnarFileReader java) {
    if (nativeMode == NativeReader.DISABLED) {
      return "native reader disabled";
    }
    if (!java.location().startsWith("file:")) {
      return "not a local file";
    }
    if (nativeAllocator == null || !NativeLibrary.available()) {
      return "native library unavailable";
    }
    if (java.rowGroupCount() == 0 || java.rowGroupsTheFilterSkips() == java.rowGroupCount()) {
      return "row-group statistics skip every row group"; // the Java reader reads nothing
    }
    if (nativeMode == NativeReader.AUTO && java.rowGroupsTheFilterSkips() > 0) {
      return "row-group statistics skip row groups";
    }
    return java.readsAnyColumn() ? null : "no read column in the file";
  }

  /**
   * Threads for one file's columns: files read at once share {@code read.column-threads}, and a
   * small file gets one, because starting and feeding threads costs more than it saves there
   * (five 10,000-row files read to Arrow in 10.2 ms on one thread, 13.2 ms on two).
   */
  private int columnThreadsFor(long fileRows) {
    if (fileRows < MIN_ROWS_FOR_COLUMN_THREADS) {
      return 1;
    }
    int filesAtOnce = Math.max(1, Math.min(parallelism, files.size()));
    return Math.max(1, columnThreads / filesAtOnce);
  }

  /** The native reader of the file, or null if the native code failed to link at first use. */
  private NativeFileReader openNative(ColumnarFileReader java, boolean handOver) {
    try {
      return new NativeFileReader(nativeAllocator, java.location(), readFields,
          java.fileColumnNames(), bound, batchSize, counters, handOver,
          columnThreadsFor(java.rowCount()));
    } catch (LinkageError e) {
      if (nativeMode == NativeReader.REQUIRED) {
        java.close();
        throw new DataShardException(
            "Cannot read " + java.location() + " of table '" + tableName + "' with the required"
                + " native Parquet reader: it failed to link on " + NativeLibrary.platform()
                + " (" + e + "). Use read.native=auto to fall back to the pure-Java reader", e);
      }
      NativeLibrary.markUnusable(e);
      return null;
    } catch (RuntimeException e) {
      java.close();
      throw e;
    }
  }

  /** Reads every matching row into memory as maps. */
  public List<Map<String, Object>> toRecords() {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> it = batches()) {
      while (it.hasNext()) {
        JavaRows.addRows(it.next(), projection.fields(), rows);
      }
    }
    return rows;
  }

  /** Streams the matching rows as Arrow batches; the caller closes the reader. */
  public ArrowReader toArrow(BufferAllocator allocator) {
    vectorAllocator = allocator;
    startRead(() -> allocator);
    // The Arrow reader releases every batch, so native batches can hand their vectors over.
    BatchStream stream = new BatchStream(files.size(), i -> open(i, true), parallelism);
    return new ScanArrowReader(allocator, ArrowSchemas.toArrow(projection), stream, counters,
        this::finish);
  }

  /** Reads every matching row into one root, which the caller closes. */
  public VectorSchemaRoot toArrowTable(BufferAllocator allocator) {
    List<ColumnBatch> all = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> it = batches()) {
      while (it.hasNext()) {
        all.add(it.next());
      }
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowSchemas.toArrow(projection), allocator);
    try {
      ArrowBatchFiller.fill(root, all);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Row count and column statistics: from manifests alone when the filter is trivial or pruning
   * left no file (nothing is opened), otherwise from the matching rows.
   */
  public io.datashard.ScanStatistics statistics() {
    if (bound.isAlwaysTrue() || files.isEmpty()) {
      io.datashard.ScanStatistics s = StatisticsCollector.fromMetadata(projection.fields(), files);
      counters.rowsReturned.addAndGet(s.rowCount());
      finish();
      return s;
    }
    try (CloseableIterator<ColumnBatch> it = batches()) {
      return StatisticsCollector.fromRows(projection.fields(), it);
    }
  }

  /** Counts matching rows: from manifests alone when the filter is trivial. */
  public long count() {
    if (bound.isAlwaysTrue()) {
      long total = 0;
      for (DataFile f : files) {
        total += f.recordCount();
      }
      counters.rowsReturned.addAndGet(total);
      finish();
      return total;
    }
    long total = 0;
    try (CloseableIterator<ColumnBatch> it = batches()) {
      while (it.hasNext()) {
        total += it.next().size();
      }
    }
    return total;
  }

  /** The report so far. */
  public ScanReport report() {
    return new ScanReport(snapshotId, filter.toString(), counters.filesConsidered.get(),
        counters.filesSkipped.get(), counters.filesRead.get(),
        counters.rowGroupsConsidered.get(), counters.rowGroupsSkipped.get(),
        counters.rowGroupsRead.get(), counters.bytesRead.get(), counters.rowsDecoded.get(),
        counters.rowsReturned.get(), counters.filesReadNative.get(),
        counters.filesReadVectorized.get(), reasons());
  }

  private Map<String, Long> reasons() {
    Map<String, Long> out = new java.util.TreeMap<>();
    counters.javaReasons.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private void finish() {
    if (reported.compareAndSet(false, true) && onReport != null) {
      onReport.accept(report());
    }
  }

  /** A data file's manifest metrics for one column, in kind form. */
  static ColumnStats fileStats(Schema schema, DataFile file, int fieldId) {
    Field field = schema.findField(fieldId);
    if (field == null) {
      return ColumnStats.UNKNOWN;
    }
    PrimitiveType type = (PrimitiveType) field.type();
    return new ColumnStats(
        get(file.valueCounts(), fieldId),
        get(file.nullValueCounts(), fieldId),
        get(file.nanValueCounts(), fieldId),
        bound(type, file.lowerBounds(), fieldId),
        bound(type, file.upperBounds(), fieldId));
  }

  private static Long get(Map<Integer, Long> m, int id) {
    return m == null ? null : m.get(id);
  }

  private static Object bound(PrimitiveType type, Map<Integer, ByteBuffer> m, int id) {
    ByteBuffer b = m == null ? null : m.get(id);
    return b == null ? null : Kind.fromInternal(type, SingleValueSerialization.fromBytes(type, b));
  }
}
