package io.datashard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One committed version of a table's contents. Immutable.
 *
 * <p>The {@link #summary()} holds Iceberg's snapshot summary ({@code operation}, {@code
 * added-records}, {@code total-records}, ...) plus {@value #COMMIT_ID_KEY}, the unique id of the
 * commit that produced it: a writer that could not tell whether its commit landed finds it by
 * that id.
 */
public final class Snapshot {
  /** Summary key of the writer's unique commit id. */
  public static final String COMMIT_ID_KEY = "datashard.commit-id";

  private final long snapshotId;
  private final Long parentId;
  private final long sequenceNumber;
  private final long timestampMillis;
  private final String manifestListLocation;
  private final Integer schemaId;
  private final Map<String, String> summary;

  public Snapshot(
      long snapshotId,
      Long parentId,
      long sequenceNumber,
      long timestampMillis,
      String manifestListLocation,
      Integer schemaId,
      Map<String, String> summary) {
    this.snapshotId = snapshotId;
    this.parentId = parentId;
    this.sequenceNumber = sequenceNumber;
    this.timestampMillis = timestampMillis;
    this.manifestListLocation = Objects.requireNonNull(manifestListLocation, "manifest list");
    this.schemaId = schemaId;
    this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
  }

  public long snapshotId() {
    return snapshotId;
  }

  /** The previous snapshot's id, or null for the first snapshot. */
  public Long parentId() {
    return parentId;
  }

  /** The table-wide sequence number of this commit; strictly increasing along the history. */
  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** When the snapshot was committed, epoch milliseconds. */
  public long timestampMillis() {
    return timestampMillis;
  }

  /** The absolute URI of the snapshot's manifest list. */
  public String manifestListLocation() {
    return manifestListLocation;
  }

  /** The id of the schema current when the snapshot was written, or null if not recorded. */
  public Integer schemaId() {
    return schemaId;
  }

  /** The snapshot summary (string keys and values, including {@code operation}). */
  public Map<String, String> summary() {
    return summary;
  }

  /** The operation, e.g. {@code append}. */
  public String operation() {
    return summary.get("operation");
  }

  /** The commit id of the writer that made this snapshot, or null (not written by DataShard). */
  public String commitId() {
    return summary.get(COMMIT_ID_KEY);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Snapshot)) {
      return false;
    }
    Snapshot s = (Snapshot) o;
    return snapshotId == s.snapshotId
        && sequenceNumber == s.sequenceNumber
        && timestampMillis == s.timestampMillis
        && Objects.equals(parentId, s.parentId)
        && manifestListLocation.equals(s.manifestListLocation)
        && Objects.equals(schemaId, s.schemaId)
        && summary.equals(s.summary);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(snapshotId);
  }

  @Override
  public String toString() {
    return "Snapshot{id=" + snapshotId + ", seq=" + sequenceNumber + ", ts=" + timestampMillis
        + ", operation=" + operation() + ", summary=" + summary + "}";
  }
}
