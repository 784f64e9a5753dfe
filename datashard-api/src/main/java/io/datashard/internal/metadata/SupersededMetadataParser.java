package io.datashard.internal.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.Snapshot;
import io.datashard.internal.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the stub that replaces a superseded metadata version:
 *
 * <pre>{@code
 * {"datashard-superseded-version": 7,
 *  "note": "...",
 *  "table-uuid": "...", "last-updated-ms": 1700000000000, "current-snapshot-id": 42,
 *  "snapshots": [ {the snapshot version 7 made current, as in table metadata} ]}
 * }</pre>
 *
 * <p>It deliberately lacks {@code format-version}, so no Iceberg reader can mistake it for the
 * table's state; Iceberg-Java's Hadoop tables only ever parse the newest version, which is never
 * a stub.
 */
public final class SupersededMetadataParser {
  /** The field that marks a stub, holding the version number. */
  public static final String MARKER = "datashard-superseded-version";
  private static final String NOTE = "This metadata version was superseded; only the newest"
      + " versions keep full metadata (write.metadata.previous-versions-max). The file stays so"
      + " that the version number can never be committed again.";

  private SupersededMetadataParser() {}

  /** True if a parsed version file is a stub rather than full table metadata. */
  public static boolean isStub(JsonNode node) {
    return node.isObject() && node.has(MARKER);
  }

  /** Renders a stub as compact JSON. */
  public static String toJson(SupersededMetadata stub) {
    return Json.write(gen -> {
      gen.writeStartObject();
      gen.writeNumberField(MARKER, stub.version());
      gen.writeStringField("note", NOTE);
      if (stub.tableUuid() != null) {
        gen.writeStringField("table-uuid", stub.tableUuid());
      }
      gen.writeNumberField("last-updated-ms", stub.lastUpdatedMillis());
      gen.writeNumberField("current-snapshot-id",
          stub.currentSnapshotId() == null ? -1 : stub.currentSnapshotId());
      gen.writeArrayFieldStart("snapshots");
      for (Snapshot s : stub.snapshots()) {
        TableMetadataParser.writeSnapshot(s, gen);
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }, false);
  }

  /**
   * Parses a stub.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static SupersededMetadata fromJson(JsonNode node) {
    String what = "Superseded metadata stub";
    int version = Json.integer(node, what, MARKER);
    Long current = Json.optLong(node, what, "current-snapshot-id");
    List<Snapshot> snapshots = new ArrayList<>();
    for (JsonNode s : Json.array(node, what, "snapshots")) {
      snapshots.add(TableMetadataParser.readSnapshot(s));
    }
    return new SupersededMetadata(version, Json.optString(node, "table-uuid"),
        Json.longValue(node, what, "last-updated-ms"),
        current == null || current == -1 ? null : current, snapshots);
  }
}
