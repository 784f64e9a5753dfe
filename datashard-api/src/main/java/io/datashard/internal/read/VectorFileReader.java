package io.datashard.internal.read;

import io.datashard.exceptions.DataShardException;
import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.data.ParquetDataReader;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Reads one Parquet data file of any backend straight into Arrow vectors in Java, for a scan that
 * keeps every row and writes Arrow: each column is decoded by a {@link VectorColumn} into vectors
 * the batches own, with no value object and no native call in between. A file's columns are
 * spread over up to {@code columnThreads} threads by their decoded size, each thread reading its
 * columns' chunks itself (one ranged read per chunk), and the batches are lined up by row
 * ({@link ColumnGroups}), so rows keep their file order.
 *
 * <p>The scan asks {@link #unsuitableReason} first and uses another reader for files it names
 * a reason for (a nested column, an encoding other than PLAIN or dictionary, ...).
 */
public final class VectorFileReader implements CloseableIterator<ColumnBatch> {
  private final String location;
  private final List<Field> readFields;
  private final String[] fileNames;
  private final ReadCounters counters;
  private final ColumnGroups groups;
  private ColumnBatch next;
  private boolean closed;

  /**
   * Starts decoding the file that {@code opened} has read the footer of (the caller closes
   * {@code opened}; this reader reads the chunks itself).
   *
   * @param arrowTypes each read field's Arrow type in the scan's output
   */
  public VectorFileReader(BufferAllocator allocator, StorageBackend backend, String key,
      ColumnarFileReader opened, List<Field> readFields, List<ArrowType> arrowTypes,
      int batchSize, ReadCounters counters, int columnThreads) {
    this.location = opened.location();
    this.readFields = readFields;
    this.fileNames = opened.fileColumnNames();
    ColumnDescriptor[] fileColumns = opened.fileColumns();
    this.counters = counters;
    List<BlockMetaData> blocks = opened.rowGroups();
    List<VectorColumn> columns = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    for (int i = 0; i < fileColumns.length; i++) {
      if (fileColumns[i] != null) {
        columns.add(new VectorColumn(fileColumns[i], arrowTypes.get(i)));
        weights.add(decodedSize(blocks, fileColumns[i]));
      }
    }
    List<ColumnGroups.Source> sources = new ArrayList<>();
    for (List<VectorColumn> group : balance(columns, weights, columnThreads)) {
      sources.add(new Source(backend, key, blocks, group, allocator, batchSize));
    }
    this.groups = new ColumnGroups(allocator, sources, location);
  }

  /**
   * Why this reader cannot read the file opened by {@code opened} for these fields, or null if it
   * can.
   */
  public static String unsuitableReason(ColumnarFileReader opened, List<Field> readFields) {
    ColumnDescriptor[] columns = opened.fileColumns();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] == null) {
        continue;
      }
      if (!seen.add(columns[i].getPath()[0])) {
        return "column '" + columns[i].getPath()[0] + "' is read twice";
      }
      for (BlockMetaData block : opened.rowGroups()) {
        ColumnChunkMetaData chunk = chunk(block, columns[i]);
        String why = chunk == null ? "a row group lacks column '" + columns[i].getPath()[0] + "'"
            : VectorColumn.unsuitable(columns[i], (PrimitiveType) readFields.get(i).type(), chunk);
        if (why != null) {
          return why;
        }
      }
    }
    return null;
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnDescriptor column) {
    for (ColumnChunkMetaData c : block.getColumns()) {
      if (Arrays.equals(c.getPath().toArray(), column.getPath())) {
        return c;
      }
    }
    return null;
  }

  private static long decodedSize(List<BlockMetaData> blocks, ColumnDescriptor column) {
    long size = 0;
    for (BlockMetaData block : blocks) {
      ColumnChunkMetaData c = chunk(block, column);
      // Decoding costs per value as well as per byte (a dictionary-encoded string column is
      // small on disk but writes every string out), so each value counts 8 bytes more.
      size += c.getTotalUncompressedSize() + 8 * c.getValueCount();
    }
    return size;
  }

  /**
   * Deals the columns into at most {@code threads} groups of about equal weight, heaviest first
   * into the lightest group, keeping file order within a group.
   */
  static List<List<VectorColumn>> balance(List<VectorColumn> columns, List<Long> weights,
      int threads) {
    int k = Math.max(1, Math.min(threads, columns.size()));
    Integer[] order = new Integer[columns.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(weights.get(b), weights.get(a)));
    long[] load = new long[k];
    List<List<Integer>> picked = new ArrayList<>();
    for (int g = 0; g < k; g++) {
      picked.add(new ArrayList<>());
    }
    for (int c : order) {
      int lightest = 0;
      for (int g = 1; g < k; g++) {
        if (load[g] < load[lightest]) {
          lightest = g;
        }
      }
      load[lightest] += weights.get(c);
      picked.get(lightest).add(c);
    }
    List<List<VectorColumn>> out = new ArrayList<>();
    for (List<Integer> p : picked) {
      if (!p.isEmpty()) {
        p.sort(null);
        List<VectorColumn> group = new ArrayList<>();
        for (int c : p) {
          group.add(columns.get(c));
        }
        out.add(group);
      }
    }
    return out;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !closed) {
      ColumnGroups.Rows rows;
      try {
        rows = groups.next();
      } catch (IOException | RuntimeException e) {
        if (e instanceof DataShardException) {
          throw (DataShardException) e;
        }
        throw ParquetDataReader.corrupt(location, e);
      }
      if (rows == null) {
        close();
        return false;
      }
      counters.rowsDecoded.addAndGet(rows.count);
      next = ColumnBatch.ofFileVectors(readFields, fileNames, rows.vectors, rows.count);
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

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (next != null) {
        next.release();
        next = null;
      }
      groups.close();
    }
  }

  /** One group of columns, decoded row group by row group, batch by batch. */
  private static final class Source implements ColumnGroups.Source {
    private final StorageBackend backend;
    private final String key;
    private final List<BlockMetaData> blocks;
    private final List<VectorColumn> columns;
    private final BufferAllocator allocator;
    private final int batchSize;
    private int nextBlock;
    private long rowsLeft;
    private boolean inBlock;

    Source(StorageBackend backend, String key, List<BlockMetaData> blocks,
        List<VectorColumn> columns, BufferAllocator allocator, int batchSize) {
      this.backend = backend;
      this.key = key;
      this.blocks = blocks;
      this.columns = columns;
      this.allocator = allocator;
      this.batchSize = batchSize;
    }

    @Override
    public ColumnGroups.Rows load() throws IOException {
      while (rowsLeft == 0) {
        if (inBlock) {
          for (VectorColumn c : columns) {
            c.endChunk();
          }
          inBlock = false;
        }
        if (nextBlock == blocks.size()) {
          return null;
        }
        BlockMetaData block = blocks.get(nextBlock++);
        for (VectorColumn c : columns) {
          ColumnChunkMetaData meta = chunk(block, c.column());
          if (meta == null) {
            throw new IOException("a row group lacks column '" + c.name() + "'");
          }
          long size = meta.getTotalSize();
          if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException("column chunk '" + c.name() + "' has invalid size " + size);
          }
          c.startChunk(backend.readRange(key, meta.getStartingPos(), (int) size), meta);
        }
        rowsLeft = block.getRowCount();
        inBlock = true;
      }
      int n = (int) Math.min(batchSize, rowsLeft);
      Map<String, FieldVector> out = new HashMap<>();
      try {
        for (VectorColumn c : columns) {
          out.put(c.name(), c.read(n, allocator));
        }
      } catch (IOException | RuntimeException | Error e) {
        out.values().forEach(FieldVector::close);
        throw e;
      }
      rowsLeft -= n;
      return new ColumnGroups.Rows(n, out);
    }

    @Override
    public void close() {
      // Nothing is held open: chunks are read whole.
    }
  }
}
