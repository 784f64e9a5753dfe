package io.datashard.it.read;

import io.datashard.DataShardConfig;
import io.datashard.ScanReport;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Runs in a separate, small JVM: streams a whole table through toArrow and prints the row count
 * and the sum of the id column. Arguments: warehouse root, table, parallelism, Arrow memory limit
 * in bytes.
 */
public final class ArrowScanWorker {
  private ArrowScanWorker() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int parallelism = Integer.parseInt(args[2]);
    long arrowLimit = Long.parseLong(args[3]);
    long rows = 0;
    long idSum = 0;
    long batches = 0;
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator(arrowLimit)) {
      Table t = wh.loadTable(args[1]);
      TableScan scan = t.scan().batchSize(1024).parallelism(parallelism);
      try (ArrowReader reader = scan.toArrow(allocator)) {
        while (reader.loadNextBatch()) {
          BigIntVector ids = (BigIntVector) reader.getVectorSchemaRoot().getVector("id");
          for (int i = 0; i < ids.getValueCount(); i++) {
            idSum += ids.get(i);
          }
          rows += ids.getValueCount();
          batches++;
        }
      }
      ScanReport r = scan.report();
      System.out.println("ROWS " + rows + " IDSUM " + idSum + " BATCHES " + batches
          + " BYTES " + r.bytesRead() + " HEAP " + Runtime.getRuntime().maxMemory());
    }
  }
}
