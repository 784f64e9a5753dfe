package io.datashard.internal.scan;

import io.datashard.internal.data.CloseableIterator;
import io.datashard.internal.read.ColumnBatch;
import io.datashard.internal.read.ReadCounters;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over a scan: each {@link #loadNextBatch()} fills the reader's one
 * {@link VectorSchemaRoot} with the next batch of matching rows, taking over the native reader's
 * buffers where it can and copying from the decoded column arrays otherwise. The caller closes the reader, which stops any worker threads and frees every buffer.
 */
final class ScanArrowReader extends ArrowReader {
  private final Schema schema;
  private final CloseableIterator<ColumnBatch> batches;
  private final ReadCounters counters;
  private final Runnable onClose;

  ScanArrowReader(BufferAllocator allocator, Schema schema,
      CloseableIterator<ColumnBatch> batches, ReadCounters counters, Runnable onClose) {
    super(allocator);
    this.schema = schema;
    this.batches = batches;
    this.counters = counters;
    this.onClose = onClose;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    if (!batches.hasNext()) {
      root.setRowCount(0);
      return false;
    }
    ColumnBatch batch = batches.next();
    try {
      ArrowBatchFiller.fill(root, batch);
    } finally {
      batch.release();
    }
    counters.rowsReturned.addAndGet(batch.size());
    return true;
  }

  @Override
  public long bytesRead() {
    return counters.bytesRead.get();
  }

  @Override
  protected void closeReadSource() {
    try {
      batches.close();
    } finally {
      onClose.run();
    }
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
