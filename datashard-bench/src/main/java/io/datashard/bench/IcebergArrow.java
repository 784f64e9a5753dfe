package io.datashard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.Table;
import org.apache.iceberg.arrow.vectorized.ColumnarBatch;
import org.apache.iceberg.arrow.vectorized.VectorizedTableScanIterable;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Iceberg's vectorized Arrow reader (module {@code iceberg-arrow}, published only up to 1.11.0,
 * run here next to iceberg-core 1.12.0 and Arrow 18.3). It allocates from Iceberg's own root
 * allocator, so the benchmark's allocator is not used.
 */
final class IcebergArrow {
  /** Rows per Arrow batch, the same as DataShard's default. */
  static final int BATCH_ROWS = 8192;

  private IcebergArrow() {}

  /** Reads the current snapshot as Arrow batches; returns the number of rows. */
  static long countRows(Table table) {
    long rows = 0;
    try (CloseableIterable<ColumnarBatch> batches =
        new VectorizedTableScanIterable(table.newScan(), BATCH_ROWS, false)) {
      for (ColumnarBatch batch : batches) {
        rows += batch.numRows();
        batch.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
