package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.datashard.HistoryEntry;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.internal.json.Json;
import io.datashard.internal.json.SchemaJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the Iceberg table metadata JSON ({@code v<N>.metadata.json}, format version
 * 2). Reading also accepts format version 1 files written by Iceberg-Java; unknown fields are
 * ignored. The whole on-disk shape of a metadata file is visible in this one class.
 */
public final class TableMetadataParser {
  private TableMetadataParser() {}

  /** Renders metadata as compact JSON (compact keeps files small; they are read far more often than by eye). */
  public static String toJson(TableMetadata m) {
    return Json.write(gen -> write(m, gen), false);
  }

  private static void write(TableMetadata m, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("format-version", m.formatVersion());
    gen.writeStringField("table-uuid", m.tableUuid());
    gen.writeStringField("location", m.location());
    gen.writeNumberField("last-sequence-number", m.lastSequenceNumber());
    gen.writeNumberField("last-updated-ms", m.lastUpdatedMillis());
    gen.writeNumberField("last-column-id", m.lastColumnId());
    gen.writeNumberField("current-schema-id", m.currentSchemaId());
    gen.writeArrayFieldStart("schemas");
    for (Schema s : m.schemas()) {
      SchemaJson.write(s, gen);
    }
    gen.writeEndArray();
    gen.writeNumberField("default-spec-id", m.defaultSpecId());
    gen.writeFieldName("partition-specs");
    gen.writeTree(m.partitionSpecs());
    gen.writeNumberField("last-partition-id", m.lastPartitionId());
    gen.writeNumberField("default-sort-order-id", m.defaultSortOrderId());
    gen.writeFieldName("sort-orders");
    gen.writeTree(m.sortOrders());
    gen.writeObjectFieldStart("properties");
    for (Map.Entry<String, String> e : m.properties().entrySet()) {
      gen.writeStringField(e.getKey(), e.getValue());
    }
    gen.writeEndObject();
    gen.writeNumberField(
        "current-snapshot-id", m.currentSnapshotId() == null ? -1 : m.currentSnapshotId());
    gen.writeObjectFieldStart("refs");
    if (m.currentSnapshotId() != null) {
      gen.writeObjectFieldStart("main");
      gen.writeNumberField("snapshot-id", m.currentSnapshotId());
      gen.writeStringField("type", "branch");
      gen.writeEndObject();
    }
    for (Map.Entry<String, JsonNode> e : m.otherRefs().entrySet()) {
      gen.writeFieldName(e.getKey());
      gen.writeTree(e.getValue());
    }
    gen.writeEndObject();
    gen.writeArrayFieldStart("snapshots");
    for (Snapshot s : m.snapshots()) {
      writeSnapshot(s, gen);
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("statistics");
    gen.writeEndArray();
    gen.writeArrayFieldStart("snapshot-log");
    for (HistoryEntry h : m.snapshotLog()) {
      gen.writeStartObject();
      gen.writeNumberField("timestamp-ms", h.timestampMillis());
      gen.writeNumberField("snapshot-id", h.snapshotId());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("metadata-log");
    for (TableMetadata.MetadataLogEntry e : m.metadataLog()) {
      gen.writeStartObject();
      gen.writeNumberField("timestamp-ms", e.timestampMillis());
      gen.writeStringField("metadata-file", e.file());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  static void writeSnapshot(Snapshot s, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("snapshot-id", s.snapshotId());
    if (s.parentId() != null) {
      gen.writeNumberField("parent-snapshot-id", s.parentId());
    }
    gen.writeNumberField("sequence-number", s.sequenceNumber());
    gen.writeNumberField("timestamp-ms", s.timestampMillis());
    gen.writeObjectFieldStart("summary");
    for (Map.Entry<String, String> e : s.summary().entrySet()) {
      gen.writeStringField(e.getKey(), e.getValue());
    }
    gen.writeEndObject();
    gen.writeStringField("manifest-list", s.manifestListLocation());
    if (s.schemaId() != null) {
      gen.writeNumberField("schema-id", s.schemaId());
    }
    gen.writeEndObject();
  }

  /**
   * Parses a metadata file.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static TableMetadata fromJson(String json) {
    return fromJson(Json.parse("table metadata", json));
  }

  /**
   * Parses a metadata file already read as a JSON tree.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static TableMetadata fromJson(JsonNode node) {
    String what = "Table metadata";
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    int formatVersion = Json.integer(node, what, "format-version");
    if (formatVersion < 1 || formatVersion > TableMetadata.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "Unsupported table format version " + formatVersion
              + ": DataShard reads Iceberg format versions 1 and 2");
    }
    String uuid = Json.optString(node, "table-uuid");
    String location = Json.string(node, what, "location");
    long lastSeq = formatVersion >= 2 ? Json.longValue(node, what, "last-sequence-number") : 0;
    long lastUpdated = Json.longValue(node, what, "last-updated-ms");
    int lastColumnId = Json.integer(node, what, "last-column-id");

    List<Schema> schemas = new ArrayList<>();
    int currentSchemaId;
    if (node.has("schemas")) {
      for (JsonNode s : Json.array(node, what, "schemas")) {
        schemas.add(SchemaJson.read(s));
      }
      currentSchemaId = Json.integer(node, what, "current-schema-id");
    } else {
      Schema only = SchemaJson.read(Json.required(node, what, "schema"));
      schemas.add(only);
      currentSchemaId = only.schemaId();
    }

    JsonNode specs;
    int defaultSpecId;
    if (node.has("partition-specs")) {
      specs = Json.array(node, what, "partition-specs");
      defaultSpecId = Json.integer(node, what, "default-spec-id");
    } else {
      ArrayNode arr = Json.MAPPER.createArrayNode();
      arr.addObject().put("spec-id", 0).set("fields", Json.required(node, what, "partition-spec"));
      specs = arr;
      defaultSpecId = 0;
    }
    int lastPartitionId = node.has("last-partition-id")
        ? Json.integer(node, what, "last-partition-id")
        : TableMetadata.UNPARTITIONED_LAST_PARTITION_ID;
    JsonNode orders = node.get("sort-orders");
    if (orders == null || !orders.isArray()) {
      ArrayNode arr = Json.MAPPER.createArrayNode();
      arr.addObject().put("order-id", 0).putArray("fields");
      orders = arr;
    }
    int defaultOrder = node.has("default-sort-order-id")
        ? Json.integer(node, what, "default-sort-order-id") : 0;

    Map<String, String> props = new LinkedHashMap<>();
    JsonNode p = node.get("properties");
    if (p != null && p.isObject()) {
      p.fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
    }

    List<Snapshot> snapshots = new ArrayList<>();
    JsonNode snaps = node.get("snapshots");
    if (snaps != null && !snaps.isNull()) {
      for (JsonNode s : Json.array(node, what, "snapshots")) {
        snapshots.add(readSnapshot(s));
      }
    }

    Long current = Json.optLong(node, what, "current-snapshot-id");
    Map<String, JsonNode> otherRefs = new LinkedHashMap<>();
    JsonNode refs = node.get("refs");
    if (refs != null && refs.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = refs.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if ("main".equals(e.getKey())) {
          current = Json.longValue(e.getValue(), "Ref 'main'", "snapshot-id");
        } else {
          otherRefs.put(e.getKey(), e.getValue());
        }
      }
    }
    if (current != null && current == -1) {
      current = null;
    }

    List<HistoryEntry> snapshotLog = new ArrayList<>();
    JsonNode log = node.get("snapshot-log");
    if (log != null && log.isArray()) {
      for (JsonNode e : log) {
        snapshotLog.add(new HistoryEntry(
            Json.longValue(e, "Snapshot log entry", "timestamp-ms"),
            Json.longValue(e, "Snapshot log entry", "snapshot-id")));
      }
    }
    List<TableMetadata.MetadataLogEntry> metadataLog = new ArrayList<>();
    JsonNode mlog = node.get("metadata-log");
    if (mlog != null && mlog.isArray()) {
      for (JsonNode e : mlog) {
        metadataLog.add(new TableMetadata.MetadataLogEntry(
            Json.longValue(e, "Metadata log entry", "timestamp-ms"),
            Json.string(e, "Metadata log entry", "metadata-file")));
      }
    }

    TableMetadata m = new TableMetadata(
        formatVersion, uuid, location, lastSeq, lastUpdated, lastColumnId, schemas,
        currentSchemaId, specs, defaultSpecId, lastPartitionId, orders, defaultOrder, props,
        current, snapshots, snapshotLog, metadataLog, otherRefs);
    if (current != null && m.snapshot(current) == null) {
      throw new IllegalArgumentException(
          "current-snapshot-id " + current + " names none of the table's snapshots");
    }
    return m;
  }

  static Snapshot readSnapshot(JsonNode s) {
    String what = "Snapshot";
    long id = Json.longValue(s, what, "snapshot-id");
    what = "Snapshot " + id;
    Long parent = Json.optLong(s, what, "parent-snapshot-id");
    long seq = s.has("sequence-number") ? Json.longValue(s, what, "sequence-number") : 0;
    long ts = Json.longValue(s, what, "timestamp-ms");
    String manifestList = Json.string(s, what, "manifest-list");
    Integer schemaId = s.has("schema-id") ? Json.integer(s, what, "schema-id") : null;
    Map<String, String> summary = new LinkedHashMap<>();
    JsonNode sum = s.get("summary");
    if (sum != null && sum.isObject()) {
      sum.fields().forEachRemaining(e -> summary.put(e.getKey(), e.getValue().asText()));
    }
    return new Snapshot(id, parent, seq, ts, manifestList, schemaId, summary);
  }
}
