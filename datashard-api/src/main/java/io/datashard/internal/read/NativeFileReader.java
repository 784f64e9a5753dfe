package io.datashard.internal.read;

import io.datashard.exceptions.DataShardException;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.ParquetDataReader;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads one local Parquet data file with Arrow's native (C++) reader from {@code arrow-dataset}
 * and hands out the same {@link ColumnBatch}es as {@link ColumnarFileReader}: only the read
 * columns are scanned, each native batch is imported into a child of the caller's allocator,
 * copied into {@link ColumnData} of the table types' {@link Kind}s and released at once, and the
 * filter is applied to every row. So every downstream step (Arrow filling, records, exports) is the
 * same code for both readers, and the rows and Arrow schema cannot differ.
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
  private final BufferAllocator allocator;
  private final FileSystemDatasetFactory factory;
  private final String unsuitable;
  private Dataset dataset;
  private Scanner scanner;
  private ArrowReader reader;
  private ColumnBatch next;
  private boolean closed;

  /**
   * Opens the file and checks the Arrow types the native reader gives its columns. If one cannot
   * be converted exactly, {@link #unsuitableReason()} says why and the caller closes this reader
   * and uses the Java one.
   *
   * @param location the data file's {@code file:} URI
   * @param fileNames per read field, its top-level column name in the file, or null if absent
   */
  public NativeFileReader(BufferAllocator parent, String location, List<Field> readFields,
      String[] fileNames, BoundFilter filter, int batchSize, ReadCounters counters) {
    this.location = location;
    this.readFields = readFields;
    this.fileNames = fileNames;
    this.filter = filter;
    this.counters = counters;
    this.allocator = parent.newChildAllocator("datashard-native " + location, 0, Long.MAX_VALUE);
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
        scanner = dataset.newScan(
            new ScanOptions(batchSize, Optional.of(columns.toArray(new String[0]))));
        reader = scanner.scanBatches();
      }
    } catch (RuntimeException e) {
      io.datashard.exceptions.CorruptTableException failure = ParquetDataReader.corrupt(location, e);
      try {
        if (f != null) {
          closeAll(f);
        } else {
          allocator.close();
        }
      } catch (RuntimeException closing) {
        failure.addSuppressed(closing); // the open failure is the one to report
      }
      throw failure;
    }
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
      VectorSchemaRoot root;
      try {
        if (!reader.loadNextBatch()) {
          close();
          return false;
        }
        root = reader.getVectorSchemaRoot();
      } catch (java.io.IOException | RuntimeException e) {
        throw ParquetDataReader.corrupt(location, e);
      }
      ColumnBatch b = convert(root);
      if (b.size() > 0) {
        next = b;
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

  private ColumnBatch convert(VectorSchemaRoot root) {
    int n = root.getRowCount();
    ColumnData[] columns = new ColumnData[readFields.size()];
    try {
      for (int i = 0; i < columns.length; i++) {
        PrimitiveType type = (PrimitiveType) readFields.get(i).type();
        Kind kind = Kind.of(type);
        if (fileNames[i] == null) {
          columns[i] = ColumnData.allNull(kind, n);
        } else {
          columns[i] = new ColumnData(kind, n);
          copy(root.getVector(fileNames[i]), columns[i], n);
        }
      }
    } catch (DataShardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ParquetDataReader.corrupt(location, e);
    }
    counters.rowsDecoded.addAndGet(n);
    return ColumnBatch.filtered(filter, columns, n);
  }

  /** Copies a native vector into kind form (the types were checked by {@link #accepts}). */
  private static void copy(FieldVector v, ColumnData out, int n) {
    if (bulkCopy(v, out, n)) {
      return;
    }
    boolean anyNull = false;
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        out.nulls[i] = true;
        anyNull = true;
      } else {
        set(v, out, i);
      }
    }
    out.anyNull = anyNull;
  }

  /**
   * Copies a fixed-width vector whose element width equals the kind's (no widening) with one
   * bulk copy of its data buffer, then marks nulls from the validity bits if there are any.
   * Returns false for the other cases, which copy value by value.
   */
  private static boolean bulkCopy(FieldVector v, ColumnData out, int n) {
    if (n == 0) {
      return true;
    }
    java.nio.ByteBuffer data;
    switch (out.kind) {
      case INT:
        if (!(v instanceof IntVector || v instanceof DateDayVector)) {
          return false;
        }
        data = v.getDataBuffer().nioBuffer(0, n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().get(out.ints, 0, n);
        break;
      case LONG:
        if (!(v instanceof BigIntVector || v instanceof TimeStampVector
            || v instanceof TimeMicroVector)) {
          return false;
        }
        data = v.getDataBuffer().nioBuffer(0, n * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asLongBuffer().get(out.longs, 0, n);
        break;
      case FLOAT:
        data = v.getDataBuffer().nioBuffer(0, n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().get(out.floats, 0, n);
        break;
      case DOUBLE:
        if (!(v instanceof Float8Vector)) {
          return false;
        }
        data = v.getDataBuffer().nioBuffer(0, n * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().get(out.doubles, 0, n);
        break;
      default:
        return false;
    }
    boolean anyNull = v.getNullCount() > 0;
    if (anyNull) {
      for (int i = 0; i < n; i++) {
        out.nulls[i] = v.isNull(i);
      }
    }
    out.anyNull = anyNull;
    return true;
  }

  private static void set(FieldVector v, ColumnData out, int i) {
    switch (out.kind) {
      case BOOLEAN:
        out.booleans[i] = ((BitVector) v).get(i) != 0;
        break;
      case INT:
        out.ints[i] = v instanceof DateDayVector ? ((DateDayVector) v).get(i) : ((IntVector) v).get(i);
        break;
      case LONG:
        out.longs[i] = longValue(v, i);
        break;
      case FLOAT:
        out.floats[i] = ((Float4Vector) v).get(i);
        break;
      case DOUBLE:
        out.doubles[i] = v instanceof Float4Vector ? ((Float4Vector) v).get(i)
            : ((Float8Vector) v).get(i);
        break;
      case BIGINT:
        out.objects[i] = unscaled((DecimalVector) v, i);
        break;
      default:
        out.objects[i] = bytes(v, i);
        break;
    }
  }

  private static long longValue(FieldVector v, int i) {
    if (v instanceof BigIntVector) {
      return ((BigIntVector) v).get(i);
    } else if (v instanceof TimeStampVector) {
      return ((TimeStampVector) v).get(i);
    } else if (v instanceof TimeMicroVector) {
      return ((TimeMicroVector) v).get(i);
    } else if (v instanceof IntVector) {
      return ((IntVector) v).get(i);
    } else if (v instanceof DecimalVector) {
      // A decimal of at most 18 digits: its 128-bit little-endian unscaled value fits the low
      // 64 bits, which are the unscaled long itself.
      return v.getDataBuffer().getLong((long) i * DecimalVector.TYPE_WIDTH);
    }
    throw new IllegalStateException("Unexpected native vector " + v.getClass().getName());
  }

  private static BigInteger unscaled(DecimalVector v, int i) {
    ArrowBuf buf = v.getDataBuffer();
    byte[] bigEndian = new byte[DecimalVector.TYPE_WIDTH];
    long base = (long) i * DecimalVector.TYPE_WIDTH;
    for (int b = 0; b < bigEndian.length; b++) {
      bigEndian[bigEndian.length - 1 - b] = buf.getByte(base + b);
    }
    return new BigInteger(bigEndian);
  }

  private static byte[] bytes(FieldVector v, int i) {
    if (v instanceof VarCharVector) {
      return ((VarCharVector) v).get(i);
    } else if (v instanceof VarBinaryVector) {
      return ((VarBinaryVector) v).get(i);
    } else if (v instanceof FixedSizeBinaryVector) {
      return ((FixedSizeBinaryVector) v).get(i);
    }
    throw new IllegalStateException("Unexpected native vector " + v.getClass().getName());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      next = null;
      closeAll(factory);
    }
  }

  /** Closes the native reader, scanner, dataset, factory and the child allocator, in order. */
  private void closeAll(FileSystemDatasetFactory f) {
    RuntimeException failure = null;
    for (AutoCloseable c : new AutoCloseable[] {reader, scanner, dataset, f, allocator}) {
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
