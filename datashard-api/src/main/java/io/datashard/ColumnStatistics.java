package io.datashard;

/**
 * Statistics of one column over the rows of a scan, from {@link TableScan#statistics()}.
 * Immutable. Any part may be unknown (null): answered from metadata, a part is known only if every
 * data file's manifest entry carries it, which files written by other engines (or with metrics
 * turned off) may not.
 *
 * <p>Bounds are in the read-side Java types of {@link io.datashard.types.Types}, exclude nulls and
 * NaN, and are null when unknown or when the column has no non-null, non-NaN value.
 */
public final class ColumnStatistics {
  private final String name;
  private final Long valueCount;
  private final Long nullCount;
  private final Long nanCount;
  private final Object lowerBound;
  private final Object upperBound;
  private final boolean boundsExact;

  /** Creates statistics; scans build these, users only read them. */
  public ColumnStatistics(String name, Long valueCount, Long nullCount, Long nanCount,
      Object lowerBound, Object upperBound, boolean boundsExact) {
    this.name = name;
    this.valueCount = valueCount;
    this.nullCount = nullCount;
    this.nanCount = nanCount;
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
    this.boundsExact = boundsExact;
  }

  /** The column's name. */
  public String name() {
    return name;
  }

  /** Values in the column, nulls and NaN included (so: rows), or null if unknown. */
  public Long valueCount() {
    return valueCount;
  }

  /** Null values, or null if unknown. */
  public Long nullCount() {
    return nullCount;
  }

  /** NaN values of a float or double column, or null if unknown or not a floating column. */
  public Long nanCount() {
    return nanCount;
  }

  /** At most the smallest value (see {@link #boundsExact()}), or null if unknown or none. */
  public Object lowerBound() {
    return lowerBound;
  }

  /** At least the largest value (see {@link #boundsExact()}), or null if unknown or none. */
  public Object upperBound() {
    return upperBound;
  }

  /**
   * True if the bounds are the actual smallest and largest values. False when they came from
   * manifests for a string, binary or fixed column: manifests truncate those bounds (to 16
   * characters or bytes for DataShard and Iceberg's default), so the lower bound may be a prefix
   * of the smallest value and the upper bound a little above the largest.
   */
  public boolean boundsExact() {
    return boundsExact;
  }

  @Override
  public String toString() {
    return name + "{values=" + valueCount + ", nulls=" + nullCount + ", nan=" + nanCount
        + ", lower=" + lowerBound + ", upper=" + upperBound + (boundsExact ? "" : " (truncated?)")
        + "}";
  }
}
