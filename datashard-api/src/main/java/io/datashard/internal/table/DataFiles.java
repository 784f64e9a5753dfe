package io.datashard.internal.table;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.internal.data.ParquetDataWriter;
import io.datashard.internal.data.RecordConverter;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.io.PendingWrite;
import io.datashard.spi.StorageBackend;
import java.util.List;
import java.util.Map;

/** Validates records and writes them as Parquet data files (not yet committed). */
final class DataFiles {
  /** Object metadata name of the table's uuid, stored with each data file. */
  static final String TABLE_UUID = "table-uuid";
  /** Object metadata name of the commit id of the append that wrote a data file. */
  static final String COMMIT_ID = "commit-id";

  private DataFiles() {}

  /** Files described and, unless {@code uploads} is empty, still being published. */
  record Written(List<DataFile> files, List<PendingWrite> uploads) {}

  /** Writes the records and publishes every file before returning. */
  static List<DataFile> write(StorageBackend backend, Schema schema, String dataPrefix,
      long targetFileSizeBytes, List<Map<String, Object>> records,
      Map<String, String> objectMetadata) {
    return write(backend, schema, dataPrefix, targetFileSizeBytes, records, objectMetadata, null)
        .files();
  }

  /**
   * Writes the records, publishing the files on {@code background} when given (the caller must
   * await or discard {@link Written#uploads()}). On any error (a record that does not fit the
   * schema, a storage failure) the files written so far are deleted and the error is rethrown.
   */
  static Written write(StorageBackend backend, Schema schema, String dataPrefix,
      long targetFileSizeBytes, List<Map<String, Object>> records,
      Map<String, String> objectMetadata, BackgroundWrites background) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null (pass an empty list instead)");
    }
    RecordConverter converter = new RecordConverter(schema);
    ParquetDataWriter writer =
        new ParquetDataWriter(backend, schema, dataPrefix, targetFileSizeBytes)
            .withObjectMetadata(objectMetadata);
    if (background != null) {
      writer.uploadInBackground(background);
    }
    try {
      for (int i = 0; i < records.size(); i++) {
        writer.write(converter.convert(i, records.get(i)));
      }
      List<DataFile> files = writer.finish();
      return new Written(files, List.copyOf(writer.pendingUploads()));
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }
}
