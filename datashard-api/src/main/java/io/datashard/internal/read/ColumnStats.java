package io.datashard.internal.read;

/**
 * What metadata says about one column of a data file or a row group. Any part may be unknown
 * (null). Bounds are in {@link Kind} form, exclude NaN and null, and may be looser than the true
 * extremes (truncated strings): {@code lower <= every value <= upper}.
 */
public final class ColumnStats {
  final Long valueCount;
  final Long nullCount;
  final Long nanCount;
  final Object lower;
  final Object upper;

  public ColumnStats(Long valueCount, Long nullCount, Long nanCount, Object lower, Object upper) {
    this.valueCount = valueCount;
    this.nullCount = nullCount;
    this.nanCount = nanCount;
    this.lower = lower;
    this.upper = upper;
  }

  /** Stats that say nothing: nothing can be pruned with them. */
  public static final ColumnStats UNKNOWN = new ColumnStats(null, null, null, null, null);

  boolean allNull() {
    return valueCount != null && nullCount != null && valueCount.longValue() == nullCount;
  }

  /**
   * Widens floating bounds so they are safe whatever the writer did with signed zeros (the
   * Parquet spec lets a writer store 0.0 as a minimum that stands for -0.0), and drops NaN
   * bounds, which some old writers stored.
   */
  static Object safeLower(Kind kind, Object v) {
    if (v == null || !kind.isFloating()) {
      return v;
    }
    if (kind.isNaN(v)) {
      return null;
    }
    if (kind == Kind.FLOAT && (Float) v == 0.0f) {
      return -0.0f;
    }
    if (kind == Kind.DOUBLE && (Double) v == 0.0d) {
      return -0.0d;
    }
    return v;
  }

  static Object safeUpper(Kind kind, Object v) {
    if (v == null || !kind.isFloating()) {
      return v;
    }
    if (kind.isNaN(v)) {
      return null;
    }
    if (kind == Kind.FLOAT && (Float) v == 0.0f) {
      return 0.0f;
    }
    if (kind == Kind.DOUBLE && (Double) v == 0.0d) {
      return 0.0d;
    }
    return v;
  }
}
