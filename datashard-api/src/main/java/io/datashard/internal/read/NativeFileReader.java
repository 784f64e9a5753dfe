package io.datashard.internal.read;

import io.datashard.exceptions.DataShardException;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.ParquetDataReader;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads one local Parquet data file with Arrow's native (C++) reader from {@code arrow-dataset}
 * and hands out the same {@link ColumnBatch}es as {@link ColumnarFileReader}: only the read
 * columns are scanned and each native batch is imported into the caller's allocator (or a child).
 * For Arrow output of a scan that keeps every row, the batch's vectors are handed over as they
 * are (no value is copied; the Arrow output checks each type and copies only what differs);
 * otherwise they are copied into {@link ColumnData} of the table types' {@link Kind}s and released
 * at once, and the filter is applied to every row. So every downstream step is the same code for
 * both readers, and the rows and Arrow schema cannot differ.
 *
 * <p>The native reader does not skip row groups (the filter is not pushed down); the scan decides
 * per file whether that is worth it (see {@code ScanExecution}). The native reader allocates its
 * decoding buffers from Arrow's native memory pool, outside the Java heap: about one row group of
 * the read columns plus a few batches of read-ahead per open file.
 */
public final class NativeFileReader implements CloseableIterator<ColumnBatch> {
  private final String location;
  private final List<Field> readFields;
  private final String[] fileNames;
  private final BoundFilter filter;
  private final ReadCounters counters;
  /**
   * Where native batches are imported: a child of the caller's allocator, closed with the file
   * (so a leak shows at once), or, when batches are handed over, the caller's allocator itself:
   * imported buffers keep import bookkeeping in their allocator until the last one is freed, which
   * may be after this file is closed.
   */
  private final BufferAllocator allocator;
  private final boolean handOver;
  private final FileSystemDatasetFactory factory;
  private final String unsuitable;
  private Dataset dataset;
  private ColumnGroups source;
  private ColumnBatch next;
  private boolean closed;

  /**
   * Opens the file and checks the Arrow types the native reader gives its columns. If one cannot
   * be converted exactly, {@link #unsuitableReason()} says why and the caller closes this reader
   * and uses the Java one.
   *
   * @param location the data file's {@code file:} URI
   * @param fileNames per read field, its top-level column name in the file, or null if absent
   * @param handOver true if the consumer writes Arrow and releases batches: when the filter keeps
   *     every row, batches then carry the native vectors themselves ({@link ColumnBatch#vector})
   * @param columnThreads how many threads may decode this file's columns at once
   */
  public NativeFileReader(BufferAllocator parent, String location, List<Field> readFields,
      String[] fileNames, BoundFilter filter, int batchSize, ReadCounters counters,
      boolean handOver, int columnThreads) {
    this(parent, location, readFields, fileNames, filter, counters, handOver,
        columns -> {
          List<String[]> groups = ColumnGroups.split(columns, columnThreads);
          int[] sizes = new int[groups.size()];
          java.util.Arrays.fill(sizes, batchSize);
          return new Plan(groups, sizes);
        });
  }

  /** How the read columns are grouped for decoding, and each group's native batch size. */
  static final class Plan {
    final List<String[]> groups;
    final int[] batchSizes;

    Plan(List<String[]> groups, int[] batchSizes) {
      this.groups = groups;
      this.batchSizes = batchSizes;
    }
  }

  /** The constructor behind the public one; tests give groups of different batch sizes. */
  NativeFileReader(BufferAllocator parent, String location, List<Field> readFields,
      String[] fileNames, BoundFilter filter, ReadCounters counters, boolean handOver,
      java.util.function.Function<List<String>, Plan> planner) {
    this.location = location;
    this.readFields = readFields;
    this.fileNames = fileNames;
    this.filter = filter;
    this.counters = counters;
    this.handOver = handOver && filter.isAlwaysTrue() && distinct(fileNames);
    this.allocator = this.handOver ? parent
        : parent.newChildAllocator("datashard-native " + location, 0, Long.MAX_VALUE);
    FileSystemDatasetFactory f = null;
    try {
      f = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
          FileFormat.PARQUET, nativeUri(location));
      this.factory = f;
      this.unsuitable = check(f.inspect());
      if (unsuitable == null) {
        List<String> columns = new ArrayList<>();
        for (String name : fileNames) {
          if (name != null) {
            columns.add(name);
          }
        }
        dataset = f.finish();
        Plan plan = planner.apply(columns);
        source = new ColumnGroups(allocator, scanners(dataset, plan), location);
      }
    } catch (RuntimeException e) {
      io.datashard.exceptions.CorruptTableException failure = ParquetDataReader.corrupt(location, e);
      try {
        if (f != null) {
          closeAll(f);
        } else if (!handOver) { // our own child allocator
          allocator.close();
        }
      } catch (RuntimeException closing) {
        failure.addSuppressed(closing); // the open failure is the one to report
      }
      throw failure;
    }
  }

  /** One scanner per column group; if one fails to start, those started are closed. */
  private List<ColumnGroups.Source> scanners(Dataset dataset, Plan plan) {
    List<ColumnGroups.Source> out = new ArrayList<>();
    try {
      for (int g = 0; g < plan.groups.size(); g++) {
        out.add(new ScannerSource(allocator, dataset, plan.groups.get(g), plan.batchSizes[g]));
      }
    } catch (RuntimeException e) {
      for (ColumnGroups.Source s : out) {
        try {
          s.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
    return out;
  }

  /** True if no two read columns are the same file column (each vector can move only once). */
  private static boolean distinct(String[] fileNames) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String name : fileNames) {
      if (name != null && !seen.add(name)) {
        return false;
      }
    }
    return true;
  }

  /** Why this file cannot be read natively with exact results, or null if it can. */
  public String unsuitableReason() {
    return unsuitable;
  }

  /** Arrow C++ wants a real URI: percent-encoded, with an empty authority. */
  private static String nativeUri(String location) {
    if (!location.startsWith("file:")) {
      throw new IllegalArgumentException("Not a local file: " + location);
    }
    return Path.of(location.substring("file:".length())).toUri().toString();
  }

  private String check(Schema schema) {
    for (int i = 0; i < readFields.size(); i++) {
      if (fileNames[i] == null) {
        continue;
      }
      org.apache.arrow.vector.types.pojo.Field f;
      try {
        f = schema.findField(fileNames[i]);
      } catch (IllegalArgumentException e) {
        return "the native reader does not see column '" + fileNames[i] + "'";
      }
      PrimitiveType type = (PrimitiveType) readFields.get(i).type();
      if (!accepts(f.getType(), type)) {
        return "the native reader reads column '" + fileNames[i] + "' as " + f.getType()
            + ", not as " + type + " needs";
      }
    }
    return null;
  }

  /** True if native values of this Arrow type convert exactly to the table type's kind form. */
  static boolean accepts(ArrowType a, PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return a instanceof ArrowType.Bool;
      case INT:
        return isInt(a, 32);
      case LONG:
        return isInt(a, 64) || isInt(a, 32); // int -> long promotion
      case FLOAT:
        return isFloat(a, FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return isFloat(a, FloatingPointPrecision.DOUBLE) || isFloat(a, FloatingPointPrecision.SINGLE);
      case DECIMAL:
        return a instanceof ArrowType.Decimal && ((ArrowType.Decimal) a).getBitWidth() == 128
            && ((ArrowType.Decimal) a).getScale() == type.scale()
            && ((ArrowType.Decimal) a).getPrecision() <= type.precision();
      case DATE:
        return a instanceof ArrowType.Date
            && ((ArrowType.Date) a).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY;
      case TIME:
        return a instanceof ArrowType.Time && ((ArrowType.Time) a).getUnit() == TimeUnit.MICROSECOND
            && ((ArrowType.Time) a).getBitWidth() == 64;
      case TIMESTAMP:
        return a instanceof ArrowType.Timestamp
            && ((ArrowType.Timestamp) a).getUnit() == TimeUnit.MICROSECOND
            && ((ArrowType.Timestamp) a).getTimezone() == null;
      case TIMESTAMPTZ:
        return a instanceof ArrowType.Timestamp
            && ((ArrowType.Timestamp) a).getUnit() == TimeUnit.MICROSECOND
            && ((ArrowType.Timestamp) a).getTimezone() != null;
      case STRING:
        return a instanceof ArrowType.Utf8;
      case UUID:
        return a instanceof ArrowType.FixedSizeBinary
            && ((ArrowType.FixedSizeBinary) a).getByteWidth() == 16;
      case FIXED:
        return a instanceof ArrowType.FixedSizeBinary
            && ((ArrowType.FixedSizeBinary) a).getByteWidth() == type.length();
      case BINARY:
        return a instanceof ArrowType.Binary;
      default:
        return false;
    }
  }

  private static boolean isInt(ArrowType a, int bits) {
    return a instanceof ArrowType.Int && ((ArrowType.Int) a).getBitWidth() == bits
        && ((ArrowType.Int) a).getIsSigned();
  }

  private static boolean isFloat(ArrowType a, FloatingPointPrecision p) {
    return a instanceof ArrowType.FloatingPoint
        && ((ArrowType.FloatingPoint) a).getPrecision() == p;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !closed) {
      ColumnGroups.Rows rows;
      try {
        rows = source.next();
      } catch (java.io.IOException | RuntimeException e) {
        throw ParquetDataReader.corrupt(location, e);
      }
      if (rows == null) {
        close();
        return false;
      }
      ColumnBatch b = convert(rows);
      if (b.size() > 0) {
        next = b;
      } else {
        b.release();
      }
    }
    return next != null;
  }

  @Override
  public ColumnBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more rows in " + location);
    }
    ColumnBatch b = next;
    next = null;
    return b;
  }

  private ColumnBatch convert(ColumnGroups.Rows rows) {
    int n = rows.count;
    counters.rowsDecoded.addAndGet(n);
    if (handOver) {
      // The batch takes the vectors over as they are; nothing is copied.
      return ColumnBatch.ofFileVectors(readFields, fileNames, rows.vectors, n);
    }
    Kind[] kinds = new Kind[readFields.size()];
    ColumnData[] columns = new ColumnData[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = Kind.of((PrimitiveType) readFields.get(i).type());
      if (fileNames[i] == null) {
        columns[i] = ColumnData.allNull(kinds[i], n);
      }
    }
    try {
      for (int i = 0; i < kinds.length; i++) {
        if (fileNames[i] != null) {
          columns[i] = ArrowVectors.toColumnData(rows.vectors.get(fileNames[i]), kinds[i], n);
        }
      }
    } catch (DataShardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ParquetDataReader.corrupt(location, e);
    } finally {
      rows.release();
    }
    return ColumnBatch.filtered(filter, columns, n);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      next = null;
      closeAll(factory);
    }
  }

  /** Closes the column source, dataset, factory and our own allocator, in order. */
  private void closeAll(FileSystemDatasetFactory f) {
    RuntimeException failure = null;
    for (AutoCloseable c : new AutoCloseable[] {source, dataset, f,
        handOver ? null : allocator}) { // the caller's allocator is not ours to close
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new DataShardException(
              "Could not release the native reader of " + location + ": " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
