package io.datashard.storage.s3;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.net.URI;

/**
 * A writer process for the multi-process test: {@code S3AppendWorker <endpoint> <bucket> <prefix>
 * <table> <tag> <commits> <rowsPerCommit>} appends {@code commits} batches to a table on S3 and
 * prints {@code COMMITTED <commitId> <tag>} after each commit returns.
 */
public final class S3AppendWorker {
  private S3AppendWorker() {}

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    String prefix = args[2];
    String tableName = args[3];
    String tag = args[4];
    int commits = Integer.parseInt(args[5]);
    int rows = Integer.parseInt(args[6]);
    DataShardConfig config = S3TestServer.config(endpoint, bucket, prefix)
        .set(DataShardConfig.COMMIT_MAX_ATTEMPTS, "1000").build();
    try (Warehouse wh = Warehouse.open(config)) {
      Table table = wh.loadTable(tableName);
      for (int c = 0; c < commits; c++) {
        String batchTag = tag + "-c" + c;
        Snapshot s = table.newAppend().appendRecords(S3Fixtures.batch(batchTag, rows))
            .set("tag", batchTag).commit();
        System.out.println("COMMITTED " + s.commitId() + " " + batchTag);
        System.out.flush();
      }
    }
  }
}
