package io.datashard;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A written Parquet data file and its column metrics, as recorded in a manifest. Immutable.
 *
 * <p>Obtain data files from {@link Table#writeDataFiles(java.util.List)} (written but not yet
 * committed) and commit them with {@link Table#newAppend()}; a file becomes part of the table
 * only when a commit that names it succeeds. Metric maps are keyed by field id; bounds use the
 * Iceberg single-value binary serialization.
 */
public final class DataFile {
  /** The only data file format DataShard writes. Upper case, as readers expect. */
  public static final String FORMAT_PARQUET = "PARQUET";

  private final String path;
  private final String format;
  private final long recordCount;
  private final long fileSizeInBytes;
  private final Map<Integer, Long> columnSizes;
  private final Map<Integer, Long> valueCounts;
  private final Map<Integer, Long> nullValueCounts;
  private final Map<Integer, Long> nanValueCounts;
  private final Map<Integer, ByteBuffer> lowerBounds;
  private final Map<Integer, ByteBuffer> upperBounds;
  private final List<Long> splitOffsets;

  private DataFile(Builder b) {
    this.path = Objects.requireNonNull(b.path, "path");
    this.format = b.format;
    this.recordCount = b.recordCount;
    this.fileSizeInBytes = b.fileSizeInBytes;
    this.columnSizes = freeze(b.columnSizes);
    this.valueCounts = freeze(b.valueCounts);
    this.nullValueCounts = freeze(b.nullValueCounts);
    this.nanValueCounts = freeze(b.nanValueCounts);
    this.lowerBounds = freezeBuffers(b.lowerBounds);
    this.upperBounds = freezeBuffers(b.upperBounds);
    this.splitOffsets = b.splitOffsets == null ? null : List.copyOf(b.splitOffsets);
  }

  private static Map<Integer, Long> freeze(Map<Integer, Long> m) {
    return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  private static Map<Integer, ByteBuffer> freezeBuffers(Map<Integer, ByteBuffer> m) {
    if (m == null) {
      return null;
    }
    Map<Integer, ByteBuffer> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(k, v.asReadOnlyBuffer()));
    return Collections.unmodifiableMap(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The file's absolute URI. */
  public String path() {
    return path;
  }

  /** The file format, {@value #FORMAT_PARQUET}. */
  public String format() {
    return format;
  }

  public long recordCount() {
    return recordCount;
  }

  public long fileSizeInBytes() {
    return fileSizeInBytes;
  }

  /** Bytes on disk per column, or null if unknown. */
  public Map<Integer, Long> columnSizes() {
    return columnSizes;
  }

  /** Values (including nulls) per column, or null if unknown. */
  public Map<Integer, Long> valueCounts() {
    return valueCounts;
  }

  /** Nulls per column, or null if unknown. */
  public Map<Integer, Long> nullValueCounts() {
    return nullValueCounts;
  }

  /** NaN values per float/double column, or null if unknown. */
  public Map<Integer, Long> nanValueCounts() {
    return nanValueCounts;
  }

  /** Lower bound per column (single-value serialization), or null if unknown. */
  public Map<Integer, ByteBuffer> lowerBounds() {
    return lowerBounds;
  }

  /** Upper bound per column (single-value serialization), or null if unknown. */
  public Map<Integer, ByteBuffer> upperBounds() {
    return upperBounds;
  }

  /** Offsets of the row groups, ascending, or null if unknown. */
  public List<Long> splitOffsets() {
    return splitOffsets;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DataFile)) {
      return false;
    }
    DataFile d = (DataFile) o;
    return recordCount == d.recordCount
        && fileSizeInBytes == d.fileSizeInBytes
        && path.equals(d.path)
        && format.equals(d.format)
        && Objects.equals(columnSizes, d.columnSizes)
        && Objects.equals(valueCounts, d.valueCounts)
        && Objects.equals(nullValueCounts, d.nullValueCounts)
        && Objects.equals(nanValueCounts, d.nanValueCounts)
        && Objects.equals(lowerBounds, d.lowerBounds)
        && Objects.equals(upperBounds, d.upperBounds)
        && Objects.equals(splitOffsets, d.splitOffsets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, recordCount, fileSizeInBytes);
  }

  @Override
  public String toString() {
    return "DataFile{" + path + ", " + recordCount + " records, " + fileSizeInBytes + " bytes}";
  }

  /** Builds a {@link DataFile}. */
  public static final class Builder {
    private String path;
    private String format = FORMAT_PARQUET;
    private long recordCount = -1;
    private long fileSizeInBytes = -1;
    private Map<Integer, Long> columnSizes;
    private Map<Integer, Long> valueCounts;
    private Map<Integer, Long> nullValueCounts;
    private Map<Integer, Long> nanValueCounts;
    private Map<Integer, ByteBuffer> lowerBounds;
    private Map<Integer, ByteBuffer> upperBounds;
    private List<Long> splitOffsets;

    private Builder() {}

    public Builder path(String v) {
      this.path = v;
      return this;
    }

    public Builder format(String v) {
      this.format = v;
      return this;
    }

    public Builder recordCount(long v) {
      this.recordCount = v;
      return this;
    }

    public Builder fileSizeInBytes(long v) {
      this.fileSizeInBytes = v;
      return this;
    }

    public Builder columnSizes(Map<Integer, Long> v) {
      this.columnSizes = v;
      return this;
    }

    public Builder valueCounts(Map<Integer, Long> v) {
      this.valueCounts = v;
      return this;
    }

    public Builder nullValueCounts(Map<Integer, Long> v) {
      this.nullValueCounts = v;
      return this;
    }

    public Builder nanValueCounts(Map<Integer, Long> v) {
      this.nanValueCounts = v;
      return this;
    }

    public Builder lowerBounds(Map<Integer, ByteBuffer> v) {
      this.lowerBounds = v;
      return this;
    }

    public Builder upperBounds(Map<Integer, ByteBuffer> v) {
      this.upperBounds = v;
      return this;
    }

    public Builder splitOffsets(List<Long> v) {
      this.splitOffsets = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException if path, record count or size is missing, or the format is
     *     not Parquet
     */
    public DataFile build() {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("DataFile needs a path");
      }
      if (recordCount < 0 || fileSizeInBytes < 0) {
        throw new IllegalArgumentException(
            "DataFile " + path + " needs a record count and a file size (both >= 0)");
      }
      if (!FORMAT_PARQUET.equals(format)) {
        throw new IllegalArgumentException(
            "DataFile " + path + " has format '" + format + "': only PARQUET is supported");
      }
      return new DataFile(this);
    }
  }
}
