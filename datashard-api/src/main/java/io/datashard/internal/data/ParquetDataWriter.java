package io.datashard.internal.data;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.exceptions.StorageException;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.io.PendingWrite;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of internal values to one or more Parquet data files under a key prefix, rolling
 * over to a new file when the current one reaches the target size, and describes each finished
 * file as a {@link DataFile} with Iceberg column metrics.
 *
 * <p>Files are named {@code <prefix><writer uuid>-<n>.parquet}. Each becomes visible when it is
 * finished (the backend publishes an object on close); none is part of a table until a commit
 * names it. On any failure the caller calls {@link #abort()}, which discards the open file and
 * deletes the finished ones; {@link #close()} without {@link #finish()} aborts too. Not
 * thread-safe: one writer per thread.
 *
 * <p>Two options, set before the first row: {@link #withObjectMetadata} (stored with each file
 * where the backend can, for tracing) and {@link #uploadInBackground}, which publishes each
 * finished file on background threads: {@link #finish()} then describes files that may still be
 * uploading, and the caller waits for {@link #pendingUploads()} before committing them.
 */
public final class ParquetDataWriter implements AutoCloseable {
  /** Rows between two size checks; a check is cheap but not free. */
  static final int SIZE_CHECK_INTERVAL = 500;

  /** Parquet's usual row group size; smaller targets use the target instead. */
  static final long MAX_ROW_GROUP_BYTES = 128L * 1024 * 1024;

  private final StorageBackend backend;
  private final Schema schema;
  private final String dataKeyPrefix;
  private final long targetFileSizeBytes;
  private final CompressionCodecName codec;
  private final long rowGroupBytes;
  private final MessageType messageType;
  private ParquetProperties.WriterVersion writerVersion = ParquetProperties.WriterVersion.PARQUET_1_0;
  private final String writerId = UUID.randomUUID().toString();
  private final List<DataFile> finished = new ArrayList<>();
  private final List<String> finishedKeys = new ArrayList<>();
  private final List<PendingWrite> uploads = new ArrayList<>();
  private Map<String, String> objectMetadata = Map.of();
  private BackgroundWrites background;
  private int fileCount;
  private boolean done;

  private ParquetWriter<Object[]> writer;
  private BackendFiles.Output output;
  private String key;
  private ColumnMetrics[] metrics;
  private long rowsInFile;

  /** A writer using ZSTD, the codec Iceberg-Java writes by default. */
  public ParquetDataWriter(
      StorageBackend backend, Schema schema, String dataKeyPrefix, long targetFileSizeBytes) {
    this(backend, schema, dataKeyPrefix, targetFileSizeBytes, CompressionCodecName.ZSTD);
  }

  /** A writer using the given codec (ZSTD, SNAPPY, GZIP or UNCOMPRESSED). */
  public ParquetDataWriter(
      StorageBackend backend,
      Schema schema,
      String dataKeyPrefix,
      long targetFileSizeBytes,
      CompressionCodecName codec) {
    this(backend, schema, dataKeyPrefix, targetFileSizeBytes, codec,
        Math.min(targetFileSizeBytes, MAX_ROW_GROUP_BYTES));
  }

  /**
   * A writer with an explicit row group size (bytes buffered before a row group is flushed), for
   * files with many small row groups.
   */
  public ParquetDataWriter(
      StorageBackend backend,
      Schema schema,
      String dataKeyPrefix,
      long targetFileSizeBytes,
      CompressionCodecName codec,
      long rowGroupBytes) {
    if (targetFileSizeBytes < 1 || rowGroupBytes < 1) {
      throw new IllegalArgumentException(
          "Target file size must be positive, got " + targetFileSizeBytes);
    }
    ParquetCodecs.get().getCompressor(codec); // fail now on an unsupported codec
    this.backend = backend;
    this.schema = schema;
    this.dataKeyPrefix = dataKeyPrefix;
    this.targetFileSizeBytes = targetFileSizeBytes;
    this.codec = codec;
    this.rowGroupBytes = rowGroupBytes;
    this.messageType = ParquetSchemas.toMessageType(schema);
  }

  /** Stores {@code metadata} with every data file (see {@code StorageBackend.create}). */
  public ParquetDataWriter withObjectMetadata(Map<String, String> metadata) {
    checkNotStarted();
    this.objectMetadata = Map.copyOf(metadata);
    return this;
  }

  /**
   * Writes Parquet 2.0 files (v2 data pages, with parquet-mr's v2 encodings) as some other engines
   * do; DataShard's own files use 1.0. For tests of the readers.
   */
  public ParquetDataWriter withParquetV2Pages() {
    checkNotStarted();
    this.writerVersion = ParquetProperties.WriterVersion.PARQUET_2_0;
    return this;
  }

  /** Publishes finished files on {@code writes}' threads instead of the writing thread. */
  public ParquetDataWriter uploadInBackground(BackgroundWrites writes) {
    checkNotStarted();
    this.background = writes;
    return this;
  }

  private void checkNotStarted() {
    if (done || fileCount > 0) {
      throw new IllegalStateException("Set data writer options before writing the first row");
    }
  }

  /**
   * The background uploads of the finished files (empty unless {@link #uploadInBackground} was
   * set); each must complete before its file is referenced by a commit.
   */
  public List<PendingWrite> pendingUploads() {
    return Collections.unmodifiableList(uploads);
  }

  /**
   * Writes one row of internal values in schema order (as {@link RecordConverter} makes them).
   *
   * @throws StorageException if writing to the backend fails
   */
  public void write(Object[] internalRow) {
    if (done) {
      throw new IllegalStateException("This data writer was already finished or aborted");
    }
    if (writer == null) {
      openFile();
    }
    try {
      writer.write(internalRow);
    } catch (IOException e) {
      throw failure(e);
    }
    rowsInFile++;
    if (rowsInFile % SIZE_CHECK_INTERVAL == 0 && writer.getDataSize() >= targetFileSizeBytes) {
      closeFile();
    }
  }

  /**
   * Finishes the open file and returns every file this writer produced, in order. Calling it
   * again returns the same list.
   */
  public List<DataFile> finish() {
    if (!done) {
      if (writer != null) {
        closeFile();
      }
      done = true;
    }
    return Collections.unmodifiableList(finished);
  }

  /**
   * Discards the open file and deletes the finished ones, after their background uploads were
   * cancelled or ended (so none lands after the delete). Safe after a failure.
   */
  public void abort() {
    done = true;
    if (output != null) {
      output.abort();
      if (output.pendingUpload() != null) {
        // Parquet failed after handing the stream over: the upload may have landed.
        finishedKeys.add(key);
      }
      writer = null;
      output = null;
    }
    PendingWrite.discardAll(uploads);
    uploads.clear();
    if (!finishedKeys.isEmpty()) {
      backend.delete(new ArrayList<>(finishedKeys));
      finishedKeys.clear();
      finished.clear();
    }
  }

  /** Aborts unless {@link #finish()} was called. */
  @Override
  public void close() {
    if (!done) {
      abort();
    }
  }

  private void openFile() {
    key = dataKeyPrefix + writerId + "-" + fileCount++ + ".parquet";
    output = new BackendFiles.Output(backend, key, objectMetadata, background);
    metrics = new ColumnMetrics[schema.fields().size()];
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] = new ColumnMetrics((PrimitiveType) schema.fields().get(i).type());
    }
    rowsInFile = 0;
    RowWriteSupport support = new RowWriteSupport(schema, messageType, metrics);
    try {
      writer =
          new Builder(output, support)
              .withConf(new PlainParquetConfiguration())
              .withCodecFactory(ParquetCodecs.get())
              .withCompressionCodec(codec)
              .withRowGroupSize(rowGroupBytes)
              .withWriterVersion(writerVersion)
              .withDictionaryEncoding(true)
              .build();
    } catch (IOException | RuntimeException e) {
      output.abort();
      output = null;
      throw e instanceof IOException ? failure((IOException) e) : (RuntimeException) e;
    }
  }

  private void closeFile() {
    try {
      writer.close();
    } catch (IOException e) {
      throw failure(e);
    }
    ParquetMetadata footer = writer.getFooter();
    finishedKeys.add(key);
    if (output.pendingUpload() != null) {
      uploads.add(output.pendingUpload());
    }
    finished.add(describe(footer, output.finalLength()));
    writer = null;
    output = null;
  }

  private DataFile describe(ParquetMetadata footer, long fileSize) {
    Map<Integer, Long> columnSizes = new LinkedHashMap<>();
    Map<Integer, Long> valueCounts = new LinkedHashMap<>();
    Map<Integer, Long> nullCounts = new LinkedHashMap<>();
    Map<Integer, Long> nanCounts = new LinkedHashMap<>();
    Map<Integer, ByteBuffer> lower = new LinkedHashMap<>();
    Map<Integer, ByteBuffer> upper = new LinkedHashMap<>();
    List<Long> splitOffsets = new ArrayList<>();
    for (BlockMetaData block : footer.getBlocks()) {
      splitOffsets.add(block.getStartingPos());
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        Field field = schema.findField(chunk.getPath().toArray()[0]);
        columnSizes.merge(field.id(), chunk.getTotalSize(), Long::sum);
      }
    }
    for (int i = 0; i < metrics.length; i++) {
      int id = schema.fields().get(i).id();
      ColumnMetrics m = metrics[i];
      valueCounts.put(id, rowsInFile);
      nullCounts.put(id, m.nullCount());
      if (m.isFloating()) {
        nanCounts.put(id, m.nanCount());
      }
      ByteBuffer lo = m.lowerBound();
      if (lo != null) {
        lower.put(id, lo);
      }
      ByteBuffer hi = m.upperBound();
      if (hi != null) {
        upper.put(id, hi);
      }
    }
    Collections.sort(splitOffsets);
    return DataFile.builder()
        .path(backend.uri(key))
        .format(DataFile.FORMAT_PARQUET)
        .recordCount(rowsInFile)
        .fileSizeInBytes(fileSize)
        .columnSizes(columnSizes)
        .valueCounts(valueCounts)
        .nullValueCounts(nullCounts)
        .nanValueCounts(nanCounts)
        .lowerBounds(lower)
        .upperBounds(upper)
        .splitOffsets(splitOffsets)
        .build();
  }

  private StorageException failure(IOException e) {
    return new StorageException(
        "Could not write data file " + backend.uri(key) + ": " + e.getMessage(), e);
  }

  /** The parquet-mr builder, fed our write support and never a Hadoop configuration. */
  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final RowWriteSupport support;

    Builder(OutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    /** Required by the abstract signature; unreachable because withConf gets a plain config. */
    @Override
    @Deprecated
    protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }
  }
}
