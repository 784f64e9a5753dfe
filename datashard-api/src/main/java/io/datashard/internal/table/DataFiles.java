package io.datashard.internal.table;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.internal.data.ParquetDataWriter;
import io.datashard.internal.data.RecordConverter;
import io.datashard.spi.StorageBackend;
import java.util.List;
import java.util.Map;

/** Validates records and writes them as Parquet data files (not yet committed). */
final class DataFiles {
  private DataFiles() {}

  /**
   * Writes the records; on any error (a record that does not fit the schema, a storage failure)
   * the files written so far are deleted and the error is rethrown.
   */
  static List<DataFile> write(StorageBackend backend, Schema schema, String dataPrefix,
      long targetFileSizeBytes, List<Map<String, Object>> records) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null (pass an empty list instead)");
    }
    RecordConverter converter = new RecordConverter(schema);
    ParquetDataWriter writer =
        new ParquetDataWriter(backend, schema, dataPrefix, targetFileSizeBytes);
    try {
      for (int i = 0; i < records.size(); i++) {
        writer.write(converter.convert(i, records.get(i)));
      }
      return writer.finish();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }
}
