package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.NativeReader;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.expressions.Expressions;
import io.datashard.internal.data.ParquetDataWriter;
import io.datashard.internal.data.ParquetPages;
import io.datashard.internal.data.RecordConverter;
import io.datashard.types.Types;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vectorized Java reader (full scans to Arrow): exact rows for every column type it decodes,
 * with nulls, over many row groups, every codec, dictionary and PLAIN pages, one and two decode
 * threads and many batch sizes; the scans it does not take go to the other readers; a damaged page
 * is a corrupt file naming the column.
 */
class VectorizedReaderTest {
  /** The columns of {@link RandomTables#SCHEMA} it decodes (not boolean, decimal, uuid, fixed). */
  private static final String[] DECODED = {
    "id", "i", "l", "f", "d", "date", "time", "ts", "tstz", "s", "bin"
  };

  @TempDir Path root;

  private Warehouse open(int columnThreads) {
    return Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.READ_COLUMN_THREADS, String.valueOf(columnThreads)).build());
  }

  /** Writes rows into one data file of row groups of about {@code rowGroupBytes}. */
  private static DataFile write(Warehouse wh, String table, Schema schema,
      List<Map<String, Object>> rows, CompressionCodecName codec, long rowGroupBytes) {
    try (ParquetDataWriter w = new ParquetDataWriter(wh.backend(), schema, table + "/data/",
        Long.MAX_VALUE, codec, rowGroupBytes)) {
      RecordConverter converter = new RecordConverter(schema);
      for (int i = 0; i < rows.size(); i++) {
        w.write(converter.convert(i, rows.get(i)));
      }
      return w.finish().get(0);
    }
  }

  private static List<String> arrowRows(TableScan scan, BufferAllocator allocator)
      throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ArrowReader reader = scan.toArrow(allocator)) {
      while (reader.loadNextBatch()) {
        rows.addAll(ArrowValues.rows(reader.getVectorSchemaRoot(), scan.schema()));
      }
    }
    return rows.stream().map(ArrowValues::canonical).sorted().collect(Collectors.toList());
  }

  private static List<String> expected(List<Map<String, Object>> rows, String... columns) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> projected = new LinkedHashMap<>();
      for (String c : columns) {
        projected.put(c, row.get(c));
      }
      out.add(ArrowValues.canonical(projected));
    }
    out.sort(null);
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = CompressionCodecName.class,
      names = {"ZSTD", "SNAPPY", "GZIP", "UNCOMPRESSED"})
  void everyDecodedTypeWithNullsIsExactOverManyRowGroupsAndBatchSizes(CompressionCodecName codec)
      throws Exception {
    List<Map<String, Object>> rows = RandomTables.rows(new Random(7), 0, 3000);
    try (Warehouse wh = open(2); BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", RandomTables.SCHEMA);
      DataFile file = write(wh, "t", RandomTables.SCHEMA, rows, codec, 16 * 1024);
      t.newAppend().appendFile(file).commit();
      int groups = file.splitOffsets().size();
      assertTrue(groups >= 3, "expected several row groups, got " + groups);
      for (int batchSize : new int[] {1, 7, 1000, 4096}) {
        TableScan scan = t.scan().select(DECODED).batchSize(batchSize);
        assertEquals(expected(rows, DECODED), arrowRows(scan, allocator),
            codec + ", batch size " + batchSize);
        ScanReport r = scan.report();
        assertEquals(1, r.filesReadVectorized(), r.toString());
        assertEquals(0, r.filesReadNative(), r.toString());
        assertEquals(0, r.filesReadJava(), r.toString());
        assertEquals(groups, r.rowGroupsRead(), r.toString());
        assertEquals(3000, r.rowsDecoded(), r.toString());
        assertEquals(3000, r.rowsReturned(), r.toString());
      }
      // One column alone.
      assertEquals(expected(rows, "s"), arrowRows(t.scan().select("s"), allocator));
      // A file written before column "l" existed (same field ids, fewer columns): null there.
      Schema older = Schema.builder().required("id", Types.LONG).optional("b", Types.BOOLEAN)
          .optional("i", Types.INT).build();
      List<Map<String, Object>> olderRows = new ArrayList<>();
      List<Map<String, Object>> all = new ArrayList<>(rows);
      for (long id = 3000; id < 3100; id++) {
        olderRows.add(Map.of("id", id, "i", (int) id));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("i", (int) id);
        r.put("l", null);
        all.add(r);
      }
      t.newAppend().appendFile(write(wh, "t", older, olderRows, codec, 1 << 20)).commit();
      TableScan lacking = t.scan().select("id", "i", "l");
      assertEquals(expected(all, "id", "i", "l"), arrowRows(lacking, allocator));
      assertEquals(2, lacking.report().filesReadVectorized());
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void plainPagesAfterTheDictionaryFillsUpAreExactOnOneAndTwoThreads() throws Exception {
    Schema schema = Schema.builder()
        .required("id", Types.LONG)
        .optional("name", Types.STRING)
        .optional("score", Types.DOUBLE)
        .required("day", Types.INT)
        .build();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 150_000; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", i * 7L - 3);
      r.put("name", i % 5 == 0 ? null : "user-" + i + "-0123456789abcdef");
      r.put("score", i % 3 == 0 ? null : i / 8.0);
      r.put("day", i % 11);
      rows.add(r);
    }
    for (int threads : new int[] {1, 2}) {
      try (Warehouse wh = open(threads); BufferAllocator allocator = new RootAllocator()) {
        Table t = wh.createTable("p" + threads, schema);
        t.appendRecords(rows);
        // The writer's dictionaries fill up (over 1 MiB) and it goes on in PLAIN pages.
        DataFile file = t.scan().planFiles().get(0);
        ParquetMetadata footer = footer(file);
        for (String column : new String[] {"id", "name", "score"}) {
          ColumnChunkMetaData chunk = chunk(footer, column);
          assertTrue(chunk.getEncodingStats().hasNonDictionaryEncodedPages(), column);
        }
        assertTrue(!chunk(footer, "day").getEncodingStats().hasNonDictionaryEncodedPages());
        TableScan scan = t.scan();
        assertEquals(expected(rows, "id", "name", "score", "day"), arrowRows(scan, allocator),
            threads + " thread(s)");
        assertEquals(1, scan.report().filesReadVectorized());
        assertEquals(150_000, scan.report().rowsReturned());
        assertEquals(0, allocator.getAllocatedMemory());
      }
    }
  }

  @Test
  void parquetV2DataPagesAreExactAndItsDeltaEncodedColumnsGoElsewhere() throws Exception {
    List<Map<String, Object>> rows = RandomTables.rows(new Random(13), 0, 3000);
    // These columns stay dictionary-encoded in v2 pages; the unique ids (and here "ts") are
    // written DELTA_BINARY_PACKED, which this reader does not decode.
    String[] dictionaryColumns = {"i", "l", "f", "d", "date", "time", "tstz", "s", "bin"};
    try (Warehouse wh = open(2); BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", RandomTables.SCHEMA);
      DataFile file;
      try (ParquetDataWriter w = new ParquetDataWriter(wh.backend(), RandomTables.SCHEMA,
          "t/data/", Long.MAX_VALUE, CompressionCodecName.ZSTD, 16 * 1024).withParquetV2Pages()) {
        RecordConverter converter = new RecordConverter(RandomTables.SCHEMA);
        for (int i = 0; i < rows.size(); i++) {
          w.write(converter.convert(i, rows.get(i)));
        }
        file = w.finish().get(0);
      }
      t.newAppend().appendFile(file).commit();
      ParquetMetadata footer = footer(file);
      assertTrue(chunk(footer, "id").getEncodings()
          .contains(org.apache.parquet.column.Encoding.DELTA_BINARY_PACKED));

      TableScan scan = t.scan().select(dictionaryColumns).batchSize(500);
      assertEquals(expected(rows, dictionaryColumns), arrowRows(scan, allocator));
      assertEquals(1, scan.report().filesReadVectorized(), scan.report().toString());

      TableScan withIds = t.scan().select("id", "s");
      assertEquals(expected(rows, "id", "s"), arrowRows(withIds, allocator));
      assertEquals(0, withIds.report().filesReadVectorized());
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void scansItDoesNotTakeGoToTheOtherReadersWithTheSameRows() throws Exception {
    List<Map<String, Object>> rows = RandomTables.rows(new Random(11), 0, 800);
    try (Warehouse wh = open(2); BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", RandomTables.SCHEMA);
      t.appendRecords(rows);

      TableScan withBoolean = t.scan().select("id", "b");
      assertEquals(expected(rows, "id", "b"), arrowRows(withBoolean, allocator));
      assertEquals(0, withBoolean.report().filesReadVectorized());
      assertEquals(1, withBoolean.report().filesReadNative());

      TableScan filtered = t.scan().select(DECODED).filter(Expressions.lessThan("id", 100L));
      assertEquals(expected(rows.subList(0, 100), DECODED), arrowRows(filtered, allocator));
      assertEquals(0, filtered.report().filesReadVectorized());

      TableScan required = t.scan().select(DECODED).nativeReader(NativeReader.REQUIRED);
      assertEquals(expected(rows, DECODED), arrowRows(required, allocator));
      assertEquals(0, required.report().filesReadVectorized());
      assertEquals(1, required.report().filesReadNative());

      // Without the native reader, the vectorized one still takes full scans to Arrow.
      TableScan disabled = t.scan().select(DECODED).nativeReader(NativeReader.DISABLED);
      assertEquals(expected(rows, DECODED), arrowRows(disabled, allocator));
      assertEquals(1, disabled.report().filesReadVectorized());
      assertEquals(Map.of(), disabled.report().javaReadReasons());

      // Records are not Arrow: the vectorized reader is not asked.
      TableScan records = t.scan().select(DECODED);
      assertEquals(800, records.toRecords().size());
      assertEquals(0, records.report().filesReadVectorized());
    }
  }

  @Test
  void aDamagedPageIsACorruptFileNamingTheColumnAndReturnsNoRows() throws Exception {
    Schema schema = Schema.builder().required("id", Types.LONG).build();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      rows.add(Map.of("id", i % 10)); // ten values: a dictionary-encoded page
    }
    try (Warehouse wh = open(1); BufferAllocator allocator = new RootAllocator()) {
      Table t = wh.createTable("t", schema);
      DataFile file = write(wh, "t", schema, rows, CompressionCodecName.UNCOMPRESSED,
          1 << 20);
      t.newAppend().appendFile(file).commit();
      // Zero the values of the dictionary-encoded data page: its ids no longer decode.
      Path path = Path.of(java.net.URI.create(file.path()));
      byte[] bytes = Files.readAllBytes(path);
      ColumnChunkMetaData chunk = chunk(footer(file), "id");
      int pos = (int) chunk.getStartingPos();
      int dataPageBody = -1;
      int dataPageSize = 0;
      while (dataPageBody < 0) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes, pos, bytes.length - pos);
        PageHeader header = Util.readPageHeader(in);
        int body = bytes.length - in.available();
        if (header.isSetData_page_header()) {
          dataPageBody = body;
          dataPageSize = header.getCompressed_page_size();
        }
        pos = body + header.getCompressed_page_size();
      }
      java.util.Arrays.fill(bytes, dataPageBody, dataPageBody + dataPageSize, (byte) 0);
      Files.write(path, bytes);

      CorruptTableException e = assertThrows(CorruptTableException.class,
          () -> arrowRows(t.scan(), allocator));
      assertEquals("Data file " + file.path() + " is not a readable Parquet file (truncated,"
          + " damaged or not Parquet): column 'id' has dictionary ids that do not decode: the"
          + " encoded values end after 0 of 500. Restore the file or remove it from the table.",
          e.getMessage());
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  private static ParquetMetadata footer(DataFile file) throws Exception {
    Path path = Path.of(java.net.URI.create(file.path()));
    try (org.apache.parquet.io.SeekableInputStream in = new LocalInputFile(path).newStream()) {
      return ParquetPages.readFooter(in, Files.size(path));
    }
  }

  private static ColumnChunkMetaData chunk(ParquetMetadata footer, String column) {
    return footer.getBlocks().get(0).getColumns().stream()
        .filter(c -> c.getPath().toDotString().equals(column))
        .findFirst().orElseThrow();
  }
}
