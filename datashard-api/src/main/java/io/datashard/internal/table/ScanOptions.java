package io.datashard.internal.table;

import io.datashard.NativeReader;
import io.datashard.ScanReport;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import java.util.function.Consumer;

/**
 * The read options of a scan, immutable: filter, batch size, threads, report listener, and the
 * native reader mode (null: the table's {@code read.native} setting).
 */
public final class ScanOptions {
  /** Rows per batch unless a scan says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 8192;

  static final ScanOptions DEFAULTS =
      new ScanOptions(Expressions.alwaysTrue(), DEFAULT_BATCH_SIZE, 1, null, null);

  final Expression filter;
  final int batchSize;
  final int parallelism;
  final Consumer<ScanReport> listener;
  final NativeReader nativeReader;

  private ScanOptions(Expression filter, int batchSize, int parallelism,
      Consumer<ScanReport> listener, NativeReader nativeReader) {
    this.filter = filter;
    this.batchSize = batchSize;
    this.parallelism = parallelism;
    this.listener = listener;
    this.nativeReader = nativeReader;
  }

  ScanOptions withFilter(Expression f) {
    return new ScanOptions(Expressions.and(filter, f), batchSize, parallelism, listener,
        nativeReader);
  }

  ScanOptions withBatchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("Batch size must be at least 1 row, got " + rows);
    }
    return new ScanOptions(filter, rows, parallelism, listener, nativeReader);
  }

  ScanOptions withParallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("Parallelism must be at least 1 thread, got " + threads);
    }
    return new ScanOptions(filter, batchSize, threads, listener, nativeReader);
  }

  ScanOptions withListener(Consumer<ScanReport> l) {
    return new ScanOptions(filter, batchSize, parallelism, l, nativeReader);
  }

  ScanOptions withNativeReader(NativeReader mode) {
    if (mode == null) {
      throw new IllegalArgumentException(
          "nativeReader() needs a mode (AUTO, REQUIRED or DISABLED), got null");
    }
    return new ScanOptions(filter, batchSize, parallelism, listener, mode);
  }
}
