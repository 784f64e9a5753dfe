package io.datashard.internal.read;

import io.datashard.exceptions.DataShardException;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.ParquetDataReader;
import io.datashard.internal.data.ParquetPages;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one Parquet data file as {@link ColumnBatch}es: only the read columns' chunks are fetched
 * (one ranged read each), row groups whose statistics prove the filter false are skipped without
 * fetching anything, and each batch carries the rows that pass the filter. Columns are matched
 * by field id (by name for files written without ids); a column the file lacks reads as null.
 * The caller closes the iterator; batches stay valid after later batches are read.
 */
public final class ColumnarFileReader implements CloseableIterator<ColumnBatch> {
  private final String location;
  private final SeekableInputStream in;
  private final List<Field> readFields;
  private final BoundFilter filter;
  private final int batchSize;
  private final ReadCounters counters;
  private final List<BlockMetaData> blocks;
  private final MessageType fileSchema;
  private final String createdBy;
  private final ColumnDecoder[] decoders; // null where the file lacks the column
  private final ColumnDescriptor[] descriptors;
  private final MessageType requested;
  private int nextBlock;
  private ColumnReader[] readers;
  private long remaining;
  private ColumnBatch next;
  private boolean closed;

  public ColumnarFileReader(StorageBackend backend, String key, List<Field> readFields,
      BoundFilter filter, int batchSize, ReadCounters counters) {
    this.location = backend.uri(key);
    this.readFields = readFields;
    this.filter = filter;
    this.batchSize = batchSize;
    this.counters = counters;
    // Bounded ranged reads (footer, then whole column chunks): an S3 scan never asks for more
    // of an object than it decodes.
    RangedInput input = new RangedInput(backend, key);
    this.in = counting(input, counters);
    try {
      ParquetMetadata footer = ParquetPages.readFooter(in, input.length());
      this.blocks = footer.getBlocks();
      this.fileSchema = footer.getFileMetaData().getSchema();
      this.createdBy = footer.getFileMetaData().getCreatedBy();
      this.decoders = new ColumnDecoder[readFields.size()];
      this.descriptors = new ColumnDescriptor[readFields.size()];
      this.requested = mapColumns();
    } catch (DataShardException e) {
      closeQuietly();
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw ParquetDataReader.corrupt(location, e);
    }
  }

  private MessageType mapColumns() {
    Map<Integer, Type> byId = new HashMap<>();
    for (Type t : fileSchema.getFields()) {
      if (t.getId() != null) {
        byId.put(t.getId().intValue(), t);
      }
    }
    List<Type> types = new ArrayList<>();
    for (int i = 0; i < readFields.size(); i++) {
      Field field = readFields.get(i);
      Type t = byId.isEmpty()
          ? (fileSchema.containsField(field.name()) ? fileSchema.getType(field.name()) : null)
          : byId.get(field.id());
      if (t == null) {
        continue;
      }
      PrimitiveType type = (PrimitiveType) field.type();
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)
          || !ParquetDataReader.readable(type, t.asPrimitiveType())) {
        throw new CorruptTableException(
            "Data file " + location + " stores column '" + field.name() + "' (id " + field.id()
                + ") as Parquet " + t + ", which cannot be read as " + type
                + ": the file does not match the table schema");
      }
      descriptors[i] = fileSchema.getColumnDescription(new String[] {t.getName()});
      decoders[i] = new ColumnDecoder(type, t.asPrimitiveType(),
          descriptors[i].getMaxDefinitionLevel());
      types.add(t);
    }
    return types.isEmpty() ? null : new MessageType(fileSchema.getName(), types);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !closed) {
      if (remaining == 0 && !nextRowGroup()) {
        close();
        return false;
      }
      ColumnBatch b = readBatch();
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

  private boolean nextRowGroup() {
    while (nextBlock < blocks.size()) {
      BlockMetaData block = blocks.get(nextBlock++);
      counters.rowGroupsConsidered.incrementAndGet();
      if (block.getRowCount() == 0 || !filter.mightMatch(id -> stats(block, id))) {
        counters.rowGroupsSkipped.incrementAndGet();
        continue;
      }
      counters.rowGroupsRead.incrementAndGet();
      remaining = block.getRowCount();
      readers = new ColumnReader[readFields.size()];
      if (requested != null) {
        try {
          PageReadStore pages = ParquetPages.readRowGroup(in, block, requested);
          ColumnReadStoreImpl store =
              new ColumnReadStoreImpl(pages, NoConverter.ROOT, requested, createdBy);
          for (int i = 0; i < readers.length; i++) {
            if (descriptors[i] != null) {
              readers[i] = store.getColumnReader(descriptors[i]);
            }
          }
        } catch (DataShardException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw ParquetDataReader.corrupt(location, e);
        }
      }
      return true;
    }
    return false;
  }

  private ColumnStats stats(BlockMetaData block, int fieldId) {
    for (int i = 0; i < readFields.size(); i++) {
      if (readFields.get(i).id() != fieldId) {
        continue;
      }
      if (decoders[i] == null) {
        long rows = block.getRowCount(); // the file lacks the column: all null
        return new ColumnStats(rows, rows, 0L, null, null);
      }
      String[] path = descriptors[i].getPath();
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (java.util.Arrays.equals(chunk.getPath().toArray(), path)) {
          return chunkStats(block, chunk, decoders[i]);
        }
      }
    }
    return ColumnStats.UNKNOWN;
  }

  private static ColumnStats chunkStats(BlockMetaData block, ColumnChunkMetaData chunk,
      ColumnDecoder decoder) {
    Statistics<?> s = chunk.getStatistics();
    if (s == null || s.isEmpty()) {
      return ColumnStats.UNKNOWN;
    }
    Long nulls = s.isNumNullsSet() ? s.getNumNulls() : null;
    Object lower = null;
    Object upper = null;
    if (s.hasNonNullValue()) {
      lower = decoder.statValue(s.genericGetMin());
      upper = decoder.statValue(s.genericGetMax());
    }
    // Row-group NaN counts are unknown; ColumnStats drops NaN bounds.
    return new ColumnStats(block.getRowCount(), nulls, null, lower, upper);
  }

  private ColumnBatch readBatch() {
    int n = (int) Math.min(batchSize, remaining);
    ColumnData[] columns = new ColumnData[readFields.size()];
    try {
      for (int i = 0; i < columns.length; i++) {
        Kind kind = Kind.of((PrimitiveType) readFields.get(i).type());
        if (readers[i] == null) {
          columns[i] = ColumnData.allNull(kind, n);
        } else {
          columns[i] = new ColumnData(kind, n);
          decoders[i].read(readers[i], columns[i], n);
        }
      }
    } catch (DataShardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ParquetDataReader.corrupt(location, e);
    }
    remaining -= n;
    counters.rowsDecoded.addAndGet(n);
    return ColumnBatch.filtered(filter, columns, n);
  }

  /** The data file's location (URI), as the backend names it. */
  public String location() {
    return location;
  }

  /**
   * How many of the file's row groups the filter's row-group statistics would skip (without
   * reading anything or counting them in the report).
   */
  public int rowGroupsTheFilterSkips() {
    int skips = 0;
    for (BlockMetaData block : blocks) {
      if (block.getRowCount() == 0 || !filter.mightMatch(id -> stats(block, id))) {
        skips++;
      }
    }
    return skips;
  }

  /** True if the file holds at least one of the read columns. */
  public boolean readsAnyColumn() {
    return requested != null;
  }

  /** The file's row groups, from its footer. */
  public List<BlockMetaData> rowGroups() {
    return blocks;
  }

  /**
   * For each read column, its Parquet column in this file (matched by field id), or null where
   * the file lacks the column.
   */
  public ColumnDescriptor[] fileColumns() {
    return descriptors.clone();
  }

  /** The file's row group count. */
  public int rowGroupCount() {
    return blocks.size();
  }

  /** The file's row count, from its footer. */
  public long rowCount() {
    long rows = 0;
    for (BlockMetaData block : blocks) {
      rows += block.getRowCount();
    }
    return rows;
  }

  /**
   * For each read column, the name of the top-level Parquet column that holds it in this file
   * (matched by field id, as this reader matches), or null where the file lacks the column.
   */
  public String[] fileColumnNames() {
    String[] names = new String[readFields.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = descriptors[i] == null ? null : descriptors[i].getPath()[0];
    }
    return names;
  }

  /** The compressed bytes of the read columns' chunks in every row group of the file. */
  public long readColumnChunkBytes() {
    long bytes = 0;
    for (BlockMetaData block : blocks) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        for (ColumnDescriptor d : descriptors) {
          if (d != null && java.util.Arrays.equals(chunk.getPath().toArray(), d.getPath())) {
            bytes += chunk.getTotalSize();
          }
        }
      }
    }
    return bytes;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      readers = null;
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // Done reading (or already failing): nothing useful to report about the close itself.
    }
  }

  /** Wraps a stream so every byte fetched from the backend is counted. */
  private static SeekableInputStream counting(SeekableInputStream in, ReadCounters counters) {
    InputStream counted = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          counters.bytesRead.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int r = super.read(b, off, len);
        if (r > 0) {
          counters.bytesRead.addAndGet(r);
        }
        return r;
      }
    };
    return new DelegatingSeekableInputStream(counted) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }
    };
  }

  /** Parquet's column readers want converters; values are read with the getters instead. */
  private static final class NoConverter extends GroupConverter {
    static final NoConverter ROOT = new NoConverter();
    private static final PrimitiveConverter NONE = new PrimitiveConverter() {};

    @Override
    public Converter getConverter(int fieldIndex) {
      return NONE;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
