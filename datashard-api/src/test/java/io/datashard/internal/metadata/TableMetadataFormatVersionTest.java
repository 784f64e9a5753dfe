package io.datashard.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A commit on a format version 1 table (as Iceberg-Java writes them: no sequence numbers) must
 * produce metadata that Iceberg reads: version 2, the old snapshot at sequence number 0, the new
 * one at 1, and last-sequence-number 1.
 */
class TableMetadataFormatVersionTest {
  private static final String V1 = "{\"format-version\":1,"
      + "\"table-uuid\":\"9c12d441-03fe-4693-9a96-a0705ddf69c1\","
      + "\"location\":\"file:/tmp/wh/ice\",\"last-updated-ms\":1700000000000,"
      + "\"last-column-id\":1,"
      + "\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
      + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]},"
      + "\"current-schema-id\":0,"
      + "\"schemas\":[{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
      + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}],"
      + "\"partition-spec\":[],\"default-spec-id\":0,"
      + "\"partition-specs\":[{\"spec-id\":0,\"fields\":[]}],\"last-partition-id\":999,"
      + "\"default-sort-order-id\":0,\"sort-orders\":[{\"order-id\":0,\"fields\":[]}],"
      + "\"properties\":{},\"current-snapshot-id\":11,"
      + "\"refs\":{\"main\":{\"snapshot-id\":11,\"type\":\"branch\"}},"
      + "\"snapshots\":[{\"snapshot-id\":11,\"timestamp-ms\":1700000000000,"
      + "\"summary\":{\"operation\":\"append\"},"
      + "\"manifest-list\":\"file:/tmp/wh/ice/metadata/snap-11-1-a.avro\",\"schema-id\":0}],"
      + "\"snapshot-log\":[{\"timestamp-ms\":1700000000000,\"snapshot-id\":11}],"
      + "\"metadata-log\":[]}";

  @Test
  void committingToAFormatVersion1TableUpgradesItToVersion2WithConsistentSequenceNumbers()
      throws Exception {
    TableMetadata v1 = TableMetadataParser.fromJson(V1);
    assertEquals(1, v1.formatVersion());
    assertEquals(0, v1.lastSequenceNumber());

    Snapshot next = new Snapshot(22L, 11L, v1.lastSequenceNumber() + 1, 1700000001000L,
        "file:/tmp/wh/ice/metadata/snap-22-1-b.avro", 0, Map.of("operation", "append"));
    TableMetadata committed = v1.withSnapshot(next, "file:/tmp/wh/ice/metadata/v1.metadata.json",
        TableMetadata.DEFAULT_METADATA_LOG_SIZE, TableMetadata.DEFAULT_MAX_SNAPSHOTS);

    JsonNode json = new ObjectMapper().readTree(TableMetadataParser.toJson(committed));
    assertEquals(2, json.get("format-version").asInt());
    assertEquals(1, json.get("last-sequence-number").asLong());
    assertEquals(0, json.get("snapshots").get(0).get("sequence-number").asLong());
    assertEquals(1, json.get("snapshots").get(1).get("sequence-number").asLong());
    assertEquals(2, TableMetadataParser.fromJson(json.toString()).formatVersion());
  }
}
