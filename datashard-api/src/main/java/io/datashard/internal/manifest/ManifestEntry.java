package io.datashard.internal.manifest;

import io.datashard.DataFile;
import java.util.Objects;

/**
 * One row of a manifest: a data file and whether the snapshot that wrote the manifest added it,
 * kept it or deleted it. Immutable.
 *
 * <p>The snapshot id and the two sequence numbers may be null on an entry that is about to be
 * written: a null is stored as null in the manifest and inherited from the manifest list when the
 * manifest is read (see {@link ManifestReader}). Entries returned by {@link ManifestReader} have
 * inheritance applied.
 */
public final class ManifestEntry {

  /** Entry status, with the ids of the Iceberg spec. */
  public enum Status {
    EXISTING(0),
    ADDED(1),
    DELETED(2);

    private final int id;

    Status(int id) {
      this.id = id;
    }

    /** The id stored in the manifest's {@code status} field. */
    public int id() {
      return id;
    }

    /**
     * @throws IllegalArgumentException if the id is not 0, 1 or 2
     */
    public static Status fromId(int id) {
      switch (id) {
        case 0:
          return EXISTING;
        case 1:
          return ADDED;
        case 2:
          return DELETED;
        default:
          throw new IllegalArgumentException("Unknown manifest entry status " + id);
      }
    }
  }

  private final Status status;
  private final Long snapshotId;
  private final Long dataSequenceNumber;
  private final Long fileSequenceNumber;
  private final DataFile file;

  /**
   * Creates an entry.
   *
   * @throws NullPointerException if status or file is null
   */
  public ManifestEntry(
      Status status,
      Long snapshotId,
      Long dataSequenceNumber,
      Long fileSequenceNumber,
      DataFile file) {
    this.status = Objects.requireNonNull(status, "status");
    this.snapshotId = snapshotId;
    this.dataSequenceNumber = dataSequenceNumber;
    this.fileSequenceNumber = fileSequenceNumber;
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * An entry for a file added by the commit being written. Both sequence numbers are left null
   * so they are inherited from the manifest list: a manifest written once can then be reused
   * unchanged when a commit is retried with a new sequence number.
   */
  public static ManifestEntry added(Long snapshotId, DataFile file) {
    return new ManifestEntry(Status.ADDED, snapshotId, null, null, file);
  }

  /** An entry carrying a live file over from an earlier snapshot, with its original numbers. */
  public static ManifestEntry existing(
      long snapshotId, long dataSequenceNumber, long fileSequenceNumber, DataFile file) {
    return new ManifestEntry(
        Status.EXISTING, snapshotId, dataSequenceNumber, fileSequenceNumber, file);
  }

  /** An entry recording that {@code snapshotId} removed the file. */
  public static ManifestEntry deleted(
      long snapshotId, long dataSequenceNumber, long fileSequenceNumber, DataFile file) {
    return new ManifestEntry(
        Status.DELETED, snapshotId, dataSequenceNumber, fileSequenceNumber, file);
  }

  public Status status() {
    return status;
  }

  /** The snapshot that added (or, for DELETED, removed) the file; null means inherited. */
  public Long snapshotId() {
    return snapshotId;
  }

  /** The data sequence number; null means inherited (only allowed for ADDED). */
  public Long dataSequenceNumber() {
    return dataSequenceNumber;
  }

  /**
   * The file sequence number; null means inherited (ADDED), or unknown for EXISTING/DELETED
   * entries read from manifests written before the field existed (Iceberg-Java before 1.1).
   */
  public Long fileSequenceNumber() {
    return fileSequenceNumber;
  }

  public DataFile file() {
    return file;
  }

  /** This entry with another status, e.g. to carry an ADDED entry over as EXISTING. */
  public ManifestEntry withStatus(Status newStatus) {
    return new ManifestEntry(newStatus, snapshotId, dataSequenceNumber, fileSequenceNumber, file);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ManifestEntry)) {
      return false;
    }
    ManifestEntry e = (ManifestEntry) o;
    return status == e.status
        && Objects.equals(snapshotId, e.snapshotId)
        && Objects.equals(dataSequenceNumber, e.dataSequenceNumber)
        && Objects.equals(fileSequenceNumber, e.fileSequenceNumber)
        && file.equals(e.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, snapshotId, dataSequenceNumber, fileSequenceNumber, file);
  }

  @Override
  public String toString() {
    return "ManifestEntry{"
        + status
        + ", snapshot "
        + snapshotId
        + ", seq "
        + dataSequenceNumber
        + "/"
        + fileSequenceNumber
        + ", "
        + file
        + "}";
  }
}
