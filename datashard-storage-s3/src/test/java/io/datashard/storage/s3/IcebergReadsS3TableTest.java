package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;

/** Apache Iceberg-Java reads a table written on S3 and sees the same rows, schema and snapshots. */
class IcebergReadsS3TableTest {
  @Test
  void icebergJavaReadsTheSameRowsSchemaAndSnapshots() throws IOException {
    String bucket = S3TestServer.get().newBucket();
    try (Warehouse wh = Warehouse.open(S3TestServer.get().config(bucket, "wh").build())) {
      Table table = wh.createTable("events", EVENTS);
      Snapshot first = table.appendRecords(batch("login", 3));
      Snapshot second = table.appendRecords(batch("click", 5));
      String metadata = wh.backend().uri("events/metadata/v3.metadata.json");
      BaseTable iceberg = new BaseTable(
          new StaticTableOperations(metadata, new BackendFileIO(wh.backend())), "events");

      assertEquals(List.of("user_id", "event"),
          iceberg.schema().columns().stream().map(NestedField::name).toList());
      assertEquals(second.snapshotId(), iceberg.currentSnapshot().snapshotId());
      List<Long> snapshots = new ArrayList<>();
      iceberg.snapshots().forEach(s -> snapshots.add(s.snapshotId()));
      assertEquals(List.of(first.snapshotId(), second.snapshotId()), snapshots);
      assertEquals("s3://" + bucket + "/wh/events", iceberg.location());

      Map<String, Long> counts = new HashMap<>();
      List<Map<String, Object>> rows = new ArrayList<>();
      try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
        StreamSupport.stream(records.spliterator(), false).forEach(r -> {
          counts.merge((String) r.getField("event"), 1L, Long::sum);
          rows.add(Map.of("user_id", r.getField("user_id"), "event", r.getField("event")));
        });
      }
      assertEquals(Map.of("login", 3L, "click", 5L), counts);
      assertEquals(sorted(table.scan().toRecords()), sorted(rows));
    }
  }

  private static List<String> sorted(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> r.get("event") + "/" + r.get("user_id")).sorted().toList();
  }
}
