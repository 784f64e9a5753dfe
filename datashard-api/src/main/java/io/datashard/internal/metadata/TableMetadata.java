package io.datashard.internal.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.datashard.HistoryEntry;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of a table's metadata file ({@code v<N>.metadata.json}), immutable. A commit is a
 * pure function from the base metadata to a new one ({@link #withSnapshot}); nothing here does
 * I/O.
 *
 * <p>Partition specs, sort orders and refs other than {@code main} are kept as the JSON they were
 * read as, so that metadata written by Iceberg-Java round-trips through a DataShard commit.
 */
public final class TableMetadata {
  /** The only format version DataShard writes. */
  public static final int FORMAT_VERSION = 2;
  /** Iceberg's last-partition-id for a table that never had a partition field. */
  public static final int UNPARTITIONED_LAST_PARTITION_ID = 999;
  /**
   * How many previous metadata files the metadata-log keeps by default. Iceberg's default is 100;
   * ours is 10 because every version that falls out of the log is replaced by a small stub, and
   * the log only has to cover readers and writers that are a few commits behind.
   */
  public static final int DEFAULT_METADATA_LOG_SIZE = 10;
  /** How many snapshots a commit keeps by default; 0 would keep all. */
  public static final int DEFAULT_MAX_SNAPSHOTS = 100;

  /** An entry of the metadata-log: a previous metadata file and when it was current. */
  public record MetadataLogEntry(long timestampMillis, String file) {}

  private final int formatVersion;
  private final String tableUuid;
  private final String location;
  private final long lastSequenceNumber;
  private final long lastUpdatedMillis;
  private final int lastColumnId;
  private final List<Schema> schemas;
  private final int currentSchemaId;
  private final JsonNode partitionSpecs;
  private final int defaultSpecId;
  private final int lastPartitionId;
  private final JsonNode sortOrders;
  private final int defaultSortOrderId;
  private final Map<String, String> properties;
  private final Long currentSnapshotId;
  private final List<Snapshot> snapshots;
  private final List<HistoryEntry> snapshotLog;
  private final List<MetadataLogEntry> metadataLog;
  private final Map<String, JsonNode> otherRefs;

  @SuppressWarnings("checkstyle:ParameterNumber")
  TableMetadata(
      int formatVersion,
      String tableUuid,
      String location,
      long lastSequenceNumber,
      long lastUpdatedMillis,
      int lastColumnId,
      List<Schema> schemas,
      int currentSchemaId,
      JsonNode partitionSpecs,
      int defaultSpecId,
      int lastPartitionId,
      JsonNode sortOrders,
      int defaultSortOrderId,
      Map<String, String> properties,
      Long currentSnapshotId,
      List<Snapshot> snapshots,
      List<HistoryEntry> snapshotLog,
      List<MetadataLogEntry> metadataLog,
      Map<String, JsonNode> otherRefs) {
    this.formatVersion = formatVersion;
    this.tableUuid = tableUuid;
    this.location = location;
    this.lastSequenceNumber = lastSequenceNumber;
    this.lastUpdatedMillis = lastUpdatedMillis;
    this.lastColumnId = lastColumnId;
    this.schemas = List.copyOf(schemas);
    this.currentSchemaId = currentSchemaId;
    this.partitionSpecs = partitionSpecs;
    this.defaultSpecId = defaultSpecId;
    this.lastPartitionId = lastPartitionId;
    this.sortOrders = sortOrders;
    this.defaultSortOrderId = defaultSortOrderId;
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    this.currentSnapshotId = currentSnapshotId;
    this.snapshots = List.copyOf(snapshots);
    this.snapshotLog = List.copyOf(snapshotLog);
    this.metadataLog = List.copyOf(metadataLog);
    this.otherRefs = Collections.unmodifiableMap(new LinkedHashMap<>(otherRefs));
    if (schema() == null) {
      throw new IllegalArgumentException(
          "current-schema-id " + currentSchemaId + " names none of the table's schemas");
    }
  }

  /** The metadata of a new, empty table. */
  public static TableMetadata newTable(
      String tableUuid, String location, Schema schema, Map<String, String> properties,
      long nowMillis) {
    ArrayNode specs = Json.MAPPER.createArrayNode();
    specs.addObject().put("spec-id", 0).putArray("fields");
    ArrayNode orders = Json.MAPPER.createArrayNode();
    orders.addObject().put("order-id", 0).putArray("fields");
    Schema withId = schema.withSchemaId(0);
    return new TableMetadata(
        FORMAT_VERSION, tableUuid, location, 0, nowMillis, schema.highestFieldId(),
        List.of(withId), 0, specs, 0, UNPARTITIONED_LAST_PARTITION_ID, orders, 0, properties,
        null, List.of(), List.of(), List.of(), Map.of());
  }

  /**
   * The metadata after committing {@code snapshot} on top of this one: it becomes current, its
   * sequence number becomes the table's last, and this version's file joins the metadata-log.
   *
   * <p>The result is always format version 2, because the snapshot, its manifest list and its
   * manifest are written in the v2 form (with sequence numbers). Committing to a format version
   * 1 table written by another engine therefore upgrades it, exactly as Iceberg's own v1-to-v2
   * upgrade does: the older snapshots keep sequence number 0 and the new one gets 1. Keeping
   * version 1 with sequence numbers in it would be a file Iceberg-Java refuses to read ("snapshot
   * with sequence number 1 greater than last sequence number 0", since v1 has none).
   *
   * <p>Only the newest {@code maxSnapshots} snapshots stay in the result (see {@link
   * #retainSnapshots}), so the file's size, and the cost of every commit that rewrites it, is
   * bounded instead of growing with the table's age.
   *
   * @param thisMetadataFile the URI of the file this metadata was read from
   * @param maxLogSize how many previous metadata files the metadata-log keeps, at least 1
   * @param maxSnapshots how many snapshots to keep, 0 for all
   */
  public TableMetadata withSnapshot(Snapshot snapshot, String thisMetadataFile, int maxLogSize,
      int maxSnapshots) {
    List<Snapshot> newSnapshots = new ArrayList<>(snapshots.size() + 1);
    newSnapshots.addAll(snapshots);
    newSnapshots.add(snapshot);
    List<HistoryEntry> newSnapshotLog = new ArrayList<>(snapshotLog);
    newSnapshotLog.add(new HistoryEntry(snapshot.timestampMillis(), snapshot.snapshotId()));
    if (maxSnapshots > 0 && newSnapshots.size() > maxSnapshots) {
      newSnapshots = retainSnapshots(newSnapshots, snapshot.snapshotId(), maxSnapshots);
      newSnapshotLog = retainLog(newSnapshotLog, newSnapshots);
    }
    List<MetadataLogEntry> newMetadataLog = new ArrayList<>(metadataLog);
    // A group commit adds several snapshots on top of one file: log that file once.
    if (newMetadataLog.isEmpty()
        || !newMetadataLog.get(newMetadataLog.size() - 1).file().equals(thisMetadataFile)) {
      newMetadataLog.add(new MetadataLogEntry(lastUpdatedMillis, thisMetadataFile));
    }
    if (newMetadataLog.size() > maxLogSize) {
      newMetadataLog = newMetadataLog.subList(newMetadataLog.size() - maxLogSize,
          newMetadataLog.size());
    }
    return new TableMetadata(
        FORMAT_VERSION, tableUuid, location, snapshot.sequenceNumber(), snapshot.timestampMillis(),
        lastColumnId, schemas, currentSchemaId, partitionSpecs, defaultSpecId, lastPartitionId,
        sortOrders, defaultSortOrderId, properties, snapshot.snapshotId(), newSnapshots,
        newSnapshotLog, newMetadataLog, otherRefs);
  }

  /**
   * The newest {@code max} snapshots (in the order they were added), plus the current one and
   * every snapshot another ref (a branch or tag written by another engine) points to: a ref to a
   * missing snapshot is a file Iceberg-Java refuses to load. Only entries are dropped; the
   * snapshots' manifest lists and data files stay where they are (no file is deleted here).
   */
  private List<Snapshot> retainSnapshots(List<Snapshot> all, long currentId, int max) {
    Set<Long> pinned = new HashSet<>();
    pinned.add(currentId);
    for (JsonNode ref : otherRefs.values()) {
      JsonNode id = ref.get("snapshot-id");
      if (id != null && id.canConvertToLong()) {
        pinned.add(id.asLong());
      }
    }
    int firstNewest = all.size() - max;
    List<Snapshot> kept = new ArrayList<>(max + pinned.size());
    for (int i = 0; i < all.size(); i++) {
      if (i >= firstNewest || pinned.contains(all.get(i).snapshotId())) {
        kept.add(all.get(i));
      }
    }
    return kept;
  }

  /**
   * The snapshot-log entries after the last one whose snapshot was dropped. A log with a gap would
   * claim that the snapshot before the gap stayed current until the one after it, so time travel
   * into the gap would read the wrong snapshot; Iceberg-Java trims its log the same way when it
   * expires snapshots.
   */
  private static List<HistoryEntry> retainLog(List<HistoryEntry> log, List<Snapshot> kept) {
    Set<Long> ids = new HashSet<>();
    for (Snapshot s : kept) {
      ids.add(s.snapshotId());
    }
    int start = 0;
    for (int i = 0; i < log.size(); i++) {
      if (!ids.contains(log.get(i).snapshotId())) {
        start = i + 1;
      }
    }
    return new ArrayList<>(log.subList(start, log.size()));
  }

  /**
   * True when older snapshots were dropped from this metadata: the oldest snapshot still listed
   * has a parent that is not. Tells "expired" apart from "never existed" in error messages.
   */
  public boolean historyTrimmed() {
    if (snapshots.isEmpty()) {
      return false;
    }
    Long parent = snapshots.get(0).parentId();
    return parent != null && snapshot(parent) == null;
  }

  public int formatVersion() {
    return formatVersion;
  }

  public String tableUuid() {
    return tableUuid;
  }

  public String location() {
    return location;
  }

  public long lastSequenceNumber() {
    return lastSequenceNumber;
  }

  public long lastUpdatedMillis() {
    return lastUpdatedMillis;
  }

  public int lastColumnId() {
    return lastColumnId;
  }

  public List<Schema> schemas() {
    return schemas;
  }

  public int currentSchemaId() {
    return currentSchemaId;
  }

  /** The current schema. */
  public Schema schema() {
    return schemaById(currentSchemaId);
  }

  /** The schema with this id, or null. */
  public Schema schemaById(int id) {
    for (Schema s : schemas) {
      if (s.schemaId() == id) {
        return s;
      }
    }
    return null;
  }

  public JsonNode partitionSpecs() {
    return partitionSpecs;
  }

  public int defaultSpecId() {
    return defaultSpecId;
  }

  public int lastPartitionId() {
    return lastPartitionId;
  }

  /** True when the default partition spec has no fields (the only layout DataShard writes). */
  public boolean isUnpartitioned() {
    for (JsonNode spec : partitionSpecs) {
      JsonNode id = spec.get("spec-id");
      if (id != null && id.asInt() == defaultSpecId) {
        JsonNode fields = spec.get("fields");
        return fields == null || fields.isEmpty();
      }
    }
    return true;
  }

  public JsonNode sortOrders() {
    return sortOrders;
  }

  public int defaultSortOrderId() {
    return defaultSortOrderId;
  }

  public Map<String, String> properties() {
    return properties;
  }

  /** The current snapshot's id, or null for a table without snapshots. */
  public Long currentSnapshotId() {
    return currentSnapshotId;
  }

  /** The current snapshot, or null. */
  public Snapshot currentSnapshot() {
    return currentSnapshotId == null ? null : snapshot(currentSnapshotId);
  }

  /** The snapshot with this id, or null. */
  public Snapshot snapshot(long id) {
    for (int i = snapshots.size() - 1; i >= 0; i--) {
      if (snapshots.get(i).snapshotId() == id) {
        return snapshots.get(i);
      }
    }
    return null;
  }

  /** The snapshot committed with this commit id, or null. Searches newest first. */
  public Snapshot snapshotByCommitId(String commitId) {
    for (int i = snapshots.size() - 1; i >= 0; i--) {
      if (commitId.equals(snapshots.get(i).commitId())) {
        return snapshots.get(i);
      }
    }
    return null;
  }

  public List<Snapshot> snapshots() {
    return snapshots;
  }

  public List<HistoryEntry> snapshotLog() {
    return snapshotLog;
  }

  public List<MetadataLogEntry> metadataLog() {
    return metadataLog;
  }

  /** Refs other than {@code main}, as read. */
  public Map<String, JsonNode> otherRefs() {
    return otherRefs;
  }
}
