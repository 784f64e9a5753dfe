package io.datashard.internal.manifest;

import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.DataShardException;

/** The exceptions of manifest and manifest-list reading, made in one place. */
final class ManifestErrors {
  private ManifestErrors() {}

  static CorruptTableException wrongLength(String path, long actual, long expected) {
    return new CorruptTableException(
        "Manifest " + path + " is " + actual + " bytes but its manifest list records " + expected
            + " bytes: the file is truncated or was replaced; restore it from a backup or"
            + " re-create the table from its data files");
  }

  static CorruptTableException unreadable(String kind, String path, Throwable cause) {
    return new CorruptTableException(
        kind + " " + path + " is not a readable Iceberg " + kind.toLowerCase(java.util.Locale.ROOT)
            + " (" + cause.getMessage() + "): the file is corrupt or is not Avro; restore it from"
            + " a backup or re-create the table from its data files",
        cause);
  }

  static CorruptTableException wrongCount(String path, long actual, long expected) {
    return new CorruptTableException(
        "Manifest list " + path + " holds " + actual + " manifests but records that it was"
            + " written with " + expected + ": the file is truncated or was replaced; restore it"
            + " from a backup or re-create the table from its data files");
  }

  static CorruptTableException missingSequenceNumber(String path, String status, String file) {
    return new CorruptTableException(
        "Manifest " + path + " has a " + status + " entry for " + file + " without a sequence"
            + " number: the spec lets only ADDED entries inherit one, so the writer that made"
            + " this manifest is broken; rewrite the manifest with explicit sequence numbers");
  }

  static DataShardException unsupportedFormat(String path, String file, String format) {
    return new DataShardException(
        "Manifest " + path + " lists data file " + file + " in format " + format
            + ": DataShard reads only Parquet data files; rewrite the table's data as Parquet"
            + " with another Iceberg engine first");
  }

  static DataShardException unsupportedContent(String path, String file, int content) {
    return new DataShardException(
        "Manifest " + path + " lists " + file + " with content type " + content
            + " (a delete file): DataShard does not apply Iceberg delete files; compact the"
            + " table with another Iceberg engine to remove its delete files first");
  }
}
