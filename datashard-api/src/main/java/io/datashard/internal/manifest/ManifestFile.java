package io.datashard.internal.manifest;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A manifest as recorded in a manifest list: where it is, how long it is, and summary counts
 * that let a scan skip it. Immutable; build with {@link #builder()}.
 *
 * <p>A manifest written by the commit in progress does not know its sequence number yet (a
 * retried commit gets a new one); give it {@link #UNASSIGNED_SEQUENCE_NUMBER} and
 * {@link ManifestListWriter} fills in the list's sequence number.
 */
public final class ManifestFile {
  /** Content id of a manifest of data files. */
  public static final int CONTENT_DATA = 0;
  /** Content id of a manifest of delete files (never written by DataShard). */
  public static final int CONTENT_DELETES = 1;
  /** Sequence number of a manifest written by the commit in progress; assigned by the list. */
  public static final long UNASSIGNED_SEQUENCE_NUMBER = -1L;
  /** A count that a v1 manifest list left out (v1 made the counts optional). */
  public static final int UNKNOWN_COUNT = -1;

  private final String path;
  private final long length;
  private final int partitionSpecId;
  private final int content;
  private final long sequenceNumber;
  private final long minSequenceNumber;
  private final long addedSnapshotId;
  private final int addedFilesCount;
  private final int existingFilesCount;
  private final int deletedFilesCount;
  private final long addedRowsCount;
  private final long existingRowsCount;
  private final long deletedRowsCount;
  private final List<PartitionFieldSummary> partitions;

  private ManifestFile(Builder b) {
    this.path = b.path;
    this.length = b.length;
    this.partitionSpecId = b.partitionSpecId;
    this.content = b.content;
    this.sequenceNumber = b.sequenceNumber;
    this.minSequenceNumber = b.minSequenceNumber;
    this.addedSnapshotId = b.addedSnapshotId;
    this.addedFilesCount = b.addedFilesCount;
    this.existingFilesCount = b.existingFilesCount;
    this.deletedFilesCount = b.deletedFilesCount;
    this.addedRowsCount = b.addedRowsCount;
    this.existingRowsCount = b.existingRowsCount;
    this.deletedRowsCount = b.deletedRowsCount;
    this.partitions = List.copyOf(b.partitions);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this manifest's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .path(path)
        .length(length)
        .partitionSpecId(partitionSpecId)
        .content(content)
        .sequenceNumber(sequenceNumber)
        .minSequenceNumber(minSequenceNumber)
        .addedSnapshotId(addedSnapshotId)
        .addedFilesCount(addedFilesCount)
        .existingFilesCount(existingFilesCount)
        .deletedFilesCount(deletedFilesCount)
        .addedRowsCount(addedRowsCount)
        .existingRowsCount(existingRowsCount)
        .deletedRowsCount(deletedRowsCount)
        .partitions(partitions);
  }

  /** Absolute URI of the manifest. */
  public String path() {
    return path;
  }

  /** Exact size of the manifest in bytes; a reader refuses a manifest of any other size. */
  public long length() {
    return length;
  }

  public int partitionSpecId() {
    return partitionSpecId;
  }

  /** {@link #CONTENT_DATA} or {@link #CONTENT_DELETES}. */
  public int content() {
    return content;
  }

  /** Sequence number of the commit that added the manifest, or UNASSIGNED before listing. */
  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** Smallest data sequence number of the live files in the manifest, or UNASSIGNED. */
  public long minSequenceNumber() {
    return minSequenceNumber;
  }

  /** The snapshot that added the manifest; inherited by entries with a null snapshot id. */
  public long addedSnapshotId() {
    return addedSnapshotId;
  }

  /** ADDED entries, or {@link #UNKNOWN_COUNT}. */
  public int addedFilesCount() {
    return addedFilesCount;
  }

  /** EXISTING entries, or {@link #UNKNOWN_COUNT}. */
  public int existingFilesCount() {
    return existingFilesCount;
  }

  /** DELETED entries, or {@link #UNKNOWN_COUNT}. */
  public int deletedFilesCount() {
    return deletedFilesCount;
  }

  /** Rows in ADDED files, or {@link #UNKNOWN_COUNT}. */
  public long addedRowsCount() {
    return addedRowsCount;
  }

  /** Rows in EXISTING files, or {@link #UNKNOWN_COUNT}. */
  public long existingRowsCount() {
    return existingRowsCount;
  }

  /** Rows in DELETED files, or {@link #UNKNOWN_COUNT}. */
  public long deletedRowsCount() {
    return deletedRowsCount;
  }

  /** Whether the manifest may list ADDED files (an unknown count counts as yes). */
  public boolean hasAddedFiles() {
    return addedFilesCount != 0;
  }

  /** Whether the manifest may list EXISTING files (an unknown count counts as yes). */
  public boolean hasExistingFiles() {
    return existingFilesCount != 0;
  }

  /** Whether the manifest may list DELETED files (an unknown count counts as yes). */
  public boolean hasDeletedFiles() {
    return deletedFilesCount != 0;
  }

  /** One summary per partition field; empty for an unpartitioned table. */
  public List<PartitionFieldSummary> partitions() {
    return partitions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ManifestFile)) {
      return false;
    }
    ManifestFile m = (ManifestFile) o;
    return length == m.length
        && partitionSpecId == m.partitionSpecId
        && content == m.content
        && sequenceNumber == m.sequenceNumber
        && minSequenceNumber == m.minSequenceNumber
        && addedSnapshotId == m.addedSnapshotId
        && addedFilesCount == m.addedFilesCount
        && existingFilesCount == m.existingFilesCount
        && deletedFilesCount == m.deletedFilesCount
        && addedRowsCount == m.addedRowsCount
        && existingRowsCount == m.existingRowsCount
        && deletedRowsCount == m.deletedRowsCount
        && path.equals(m.path)
        && partitions.equals(m.partitions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, length, sequenceNumber, addedSnapshotId);
  }

  @Override
  public String toString() {
    return "ManifestFile{" + path + ", " + length + " bytes, seq " + sequenceNumber
        + ", snapshot " + addedSnapshotId + ", +" + addedFilesCount + " ="
        + existingFilesCount + " -" + deletedFilesCount + " files}";
  }

  /**
   * Summary of one partition field over a manifest's files (field ids 509, 518, 510, 511).
   * Bounds use the single-value serialization. Immutable.
   */
  public static final class PartitionFieldSummary {
    private final boolean containsNull;
    private final Boolean containsNan;
    private final ByteBuffer lowerBound;
    private final ByteBuffer upperBound;

    public PartitionFieldSummary(
        boolean containsNull, Boolean containsNan, ByteBuffer lowerBound, ByteBuffer upperBound) {
      this.containsNull = containsNull;
      this.containsNan = containsNan;
      this.lowerBound = lowerBound == null ? null : lowerBound.asReadOnlyBuffer();
      this.upperBound = upperBound == null ? null : upperBound.asReadOnlyBuffer();
    }

    public boolean containsNull() {
      return containsNull;
    }

    /** Null when the writer did not record it. */
    public Boolean containsNan() {
      return containsNan;
    }

    /** Null when all values are null or NaN. */
    public ByteBuffer lowerBound() {
      return lowerBound;
    }

    /** Null when all values are null or NaN. */
    public ByteBuffer upperBound() {
      return upperBound;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof PartitionFieldSummary)) {
        return false;
      }
      PartitionFieldSummary s = (PartitionFieldSummary) o;
      return containsNull == s.containsNull
          && Objects.equals(containsNan, s.containsNan)
          && Objects.equals(lowerBound, s.lowerBound)
          && Objects.equals(upperBound, s.upperBound);
    }

    @Override
    public int hashCode() {
      return Objects.hash(containsNull, containsNan, lowerBound, upperBound);
    }
  }

  /** Builds a {@link ManifestFile}. Counts default to 0, sequence numbers to UNASSIGNED. */
  public static final class Builder {
    private String path;
    private long length = -1;
    private int partitionSpecId = 0;
    private int content = CONTENT_DATA;
    private long sequenceNumber = UNASSIGNED_SEQUENCE_NUMBER;
    private long minSequenceNumber = UNASSIGNED_SEQUENCE_NUMBER;
    private Long addedSnapshotId;
    private int addedFilesCount;
    private int existingFilesCount;
    private int deletedFilesCount;
    private long addedRowsCount;
    private long existingRowsCount;
    private long deletedRowsCount;
    private List<PartitionFieldSummary> partitions = List.of();

    private Builder() {}

    public Builder path(String v) {
      this.path = v;
      return this;
    }

    public Builder length(long v) {
      this.length = v;
      return this;
    }

    public Builder partitionSpecId(int v) {
      this.partitionSpecId = v;
      return this;
    }

    public Builder content(int v) {
      this.content = v;
      return this;
    }

    public Builder sequenceNumber(long v) {
      this.sequenceNumber = v;
      return this;
    }

    public Builder minSequenceNumber(long v) {
      this.minSequenceNumber = v;
      return this;
    }

    public Builder addedSnapshotId(long v) {
      this.addedSnapshotId = v;
      return this;
    }

    public Builder addedFilesCount(int v) {
      this.addedFilesCount = v;
      return this;
    }

    public Builder existingFilesCount(int v) {
      this.existingFilesCount = v;
      return this;
    }

    public Builder deletedFilesCount(int v) {
      this.deletedFilesCount = v;
      return this;
    }

    public Builder addedRowsCount(long v) {
      this.addedRowsCount = v;
      return this;
    }

    public Builder existingRowsCount(long v) {
      this.existingRowsCount = v;
      return this;
    }

    public Builder deletedRowsCount(long v) {
      this.deletedRowsCount = v;
      return this;
    }

    public Builder partitions(List<PartitionFieldSummary> v) {
      this.partitions = Objects.requireNonNull(v, "partitions");
      return this;
    }

    /**
     * Sets the six file and row counts from the entries a manifest holds. The sequence numbers
     * are the caller's: they depend on the commit, not on the entries.
     *
     * @throws IllegalArgumentException if a file count exceeds {@link Integer#MAX_VALUE}
     */
    public Builder countsFrom(List<ManifestEntry> entries) {
      long[] files = new long[3];
      long[] rows = new long[3];
      for (ManifestEntry e : entries) {
        int s = e.status().id();
        files[s]++;
        rows[s] += e.file().recordCount();
      }
      int existing = ManifestEntry.Status.EXISTING.id();
      int added = ManifestEntry.Status.ADDED.id();
      int deleted = ManifestEntry.Status.DELETED.id();
      return addedFilesCount(fileCount(files[added]))
          .existingFilesCount(fileCount(files[existing]))
          .deletedFilesCount(fileCount(files[deleted]))
          .addedRowsCount(rows[added])
          .existingRowsCount(rows[existing])
          .deletedRowsCount(rows[deleted]);
    }

    // The manifest list stores file counts as Avro int.
    private static int fileCount(long n) {
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "A manifest cannot hold " + n + " entries of one status: split the entries over"
                + " several manifests");
      }
      return (int) n;
    }

    /**
     * @throws IllegalArgumentException if the path, the length or the added snapshot id is
     *     missing
     */
    public ManifestFile build() {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("ManifestFile needs a path");
      }
      if (length < 0) {
        throw new IllegalArgumentException("ManifestFile " + path + " needs a length (>= 0)");
      }
      if (addedSnapshotId == null) {
        throw new IllegalArgumentException("ManifestFile " + path + " needs an added snapshot id");
      }
      return new ManifestFile(this);
    }
  }
}
