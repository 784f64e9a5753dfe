package io.datashard.internal.read;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.TransferPair;

/** One native (arrow-dataset) scanner over a group of a file's columns. */
final class ScannerSource implements ColumnGroups.Source {
  private final BufferAllocator allocator;
  private final String[] columns;
  private final Scanner scanner;
  private final ArrowReader reader;

  ScannerSource(BufferAllocator allocator, Dataset dataset, String[] columns, int batchSize) {
    this.allocator = allocator;
    this.columns = columns;
    this.scanner = dataset.newScan(new ScanOptions(batchSize, Optional.of(columns)));
    ArrowReader r;
    try {
      r = scanner.scanBatches();
    } catch (RuntimeException e) {
      try {
        scanner.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    this.reader = r;
  }

  /** Decodes the next non-empty batch and moves its vectors out, or returns null at the end. */
  @Override
  public ColumnGroups.Rows load() throws IOException {
    while (reader.loadNextBatch()) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      int n = root.getRowCount();
      if (n == 0) {
        continue;
      }
      Map<String, FieldVector> out = new HashMap<>();
      try {
        for (String c : columns) {
          TransferPair move = root.getVector(c).getTransferPair(allocator);
          move.transfer();
          out.put(c, (FieldVector) move.getTo());
        }
      } catch (RuntimeException e) {
        out.values().forEach(FieldVector::close);
        throw e;
      }
      return new ColumnGroups.Rows(n, out);
    }
    return null;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable c : new AutoCloseable[] {reader, scanner}) {
      try {
        c.close();
      } catch (Exception e) {
        RuntimeException r = e instanceof RuntimeException ? (RuntimeException) e
            : new IllegalStateException(e.getMessage(), e);
        if (failure == null) {
          failure = r;
        } else {
          failure.addSuppressed(r);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
