package io.datashard.it.read;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.Warehouse;
import io.datashard.internal.data.ParquetDataWriter;
import io.datashard.internal.data.RecordConverter;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Test data files with row groups as small as the writer allows, to exercise row-group pruning. */
public final class RowGroupFiles {
  private RowGroupFiles() {}

  /**
   * Writes {@code rows} into one data file under {@code <table>/data/} whose row groups hold only
   * a few rows each (a 1-byte row-group target), so ascending ids give each group its own range.
   */
  public static DataFile manySmallRowGroups(
      Warehouse wh, String table, Schema schema, List<Map<String, Object>> rows) {
    try (ParquetDataWriter w = new ParquetDataWriter(wh.backend(), schema, table + "/data/",
        Long.MAX_VALUE, CompressionCodecName.ZSTD, 1)) {
      RecordConverter converter = new RecordConverter(schema);
      for (int i = 0; i < rows.size(); i++) {
        w.write(converter.convert(i, rows.get(i)));
      }
      return w.finish().get(0);
    }
  }
}
