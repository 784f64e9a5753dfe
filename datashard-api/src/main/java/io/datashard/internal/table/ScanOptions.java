package io.datashard.internal.table;

import io.datashard.ScanReport;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import java.util.function.Consumer;

/** The read options of a scan, immutable: filter, batch size, threads, report listener. */
public final class ScanOptions {
  /** Rows per batch unless a scan says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 8192;

  static final ScanOptions DEFAULTS =
      new ScanOptions(Expressions.alwaysTrue(), DEFAULT_BATCH_SIZE, 1, null);

  final Expression filter;
  final int batchSize;
  final int parallelism;
  final Consumer<ScanReport> listener;

  private ScanOptions(Expression filter, int batchSize, int parallelism,
      Consumer<ScanReport> listener) {
    this.filter = filter;
    this.batchSize = batchSize;
    this.parallelism = parallelism;
    this.listener = listener;
  }

  ScanOptions withFilter(Expression f) {
    return new ScanOptions(Expressions.and(filter, f), batchSize, parallelism, listener);
  }

  ScanOptions withBatchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("Batch size must be at least 1 row, got " + rows);
    }
    return new ScanOptions(filter, rows, parallelism, listener);
  }

  ScanOptions withParallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("Parallelism must be at least 1 thread, got " + threads);
    }
    return new ScanOptions(filter, batchSize, threads, listener);
  }

  ScanOptions withListener(Consumer<ScanReport> l) {
    return new ScanOptions(filter, batchSize, parallelism, l);
  }
}
