package io.datashard;

import io.datashard.exceptions.DataShardException;
import java.util.Locale;

/**
 * Whether a scan reads local Parquet data files with Arrow's native (C++, JNI) reader from {@code
 * arrow-dataset} or with DataShard's pure-Java readers. All return exactly the same Arrow schema
 * and rows; see docs/reading.md, "Vectorized reader" and "Native reader". A full scan to Arrow
 * ({@code toArrow} with no row filter) uses the vectorized Java reader where it decodes every read
 * column, except with {@link #REQUIRED}.
 *
 * <p>Set for a whole process with the setting {@code read.native} (environment variable {@code
 * DATASHARD_READ_NATIVE}) = {@code auto} | {@code true} | {@code false}, or per scan with {@link
 * TableScan#nativeReader(NativeReader)}.
 */
public enum NativeReader {
  /**
   * The default: use the native reader where it loaded and suits the file (a local {@code file:}
   * data file whose row groups the filter cannot prune), the Java reader everywhere else. If the
   * native library does not load on this platform, one warning is logged and every file is read
   * with the Java reader.
   */
  AUTO,
  /**
   * Read every local data file with the native reader, also when row-group statistics could have
   * skipped some of its row groups; fail with a {@link DataShardException} if the native library
   * does not load here. Data files on other storage (S3) are still read by the Java reader.
   */
  REQUIRED,
  /** Never use the native reader (the vectorized Java reader still takes full scans to Arrow). */
  DISABLED;

  /** The setting that chooses the reader for scans that do not choose themselves. */
  public static final String SETTING = "read.native";

  /**
   * The mode a {@code read.native} value names: {@code auto}, {@code true} or {@code false}
   * (case-insensitive); null or blank means {@code auto}.
   *
   * @throws DataShardException naming the setting and the accepted values otherwise
   */
  public static NativeReader fromSetting(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return AUTO;
      case "true":
        return REQUIRED;
      case "false":
        return DISABLED;
      default:
        throw new DataShardException(
            "Invalid setting '" + SETTING + "' (" + DataShardConfig.variableForKey(SETTING)
                + ") = '" + value.trim() + "': expected auto (native reader where it works),"
                + " true (native reader, fail if it does not load) or false (pure-Java reader)");
    }
  }
}
