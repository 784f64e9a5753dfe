package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import io.datashard.export.ScanExport;
import io.datashard.expressions.Expressions;
import io.datashard.types.Types;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports read back by Arrow Java's own readers, by DuckDB and by DataShard itself. */
class ScanExportTest {
  @TempDir Path root;

  private Table randomTable(Warehouse wh) {
    Table t = wh.createTable("exported", RandomTables.SCHEMA);
    Random rnd = new Random(7);
    t.appendRecords(RandomTables.rows(rnd, 0, 900));
    t.appendRecords(RandomTables.rows(rnd, 900, 600));
    return t;
  }

  private static List<String> canonical(List<Map<String, Object>> rows) {
    return rows.stream().map(ArrowValues::canonical).sorted().collect(Collectors.toList());
  }

  @Test
  void arrowIpcFileAndStreamReadBackByArrowJavaAreIdentical() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build());
        BufferAllocator allocator = new RootAllocator()) {
      Table t = randomTable(wh);
      TableScan scan = t.scan().filter(Expressions.notNull("s")).batchSize(256);
      List<String> expected = canonical(scan.toRecords());
      Path file = root.resolve("out.arrow");
      Path stream = root.resolve("out.arrows");
      try (OutputStream out = Files.newOutputStream(file)) {
        assertEquals(expected.size(), ScanExport.arrowFile(scan, out));
      }
      try (OutputStream out = Files.newOutputStream(stream)) {
        assertEquals(expected.size(), ScanExport.arrowStream(scan, out));
      }
      List<Map<String, Object>> fromFile = new ArrayList<>();
      try (SeekableByteChannel ch = Files.newByteChannel(file);
          ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
        // Files of 900 and 600 rows in batches of at most 256 rows (a batch never spans files).
        assertEquals(4 + 3, reader.getRecordBlocks().size());
        readAll(reader, scan.schema(), fromFile);
        Field tstz = reader.getVectorSchemaRoot().getSchema().findField("tstz");
        assertEquals("Timestamp(MICROSECOND, UTC)", tstz.getType().toString());
        assertEquals("13", tstz.getMetadata().get("PARQUET:field_id"));
      }
      assertEquals(expected, canonical(fromFile));
      List<Map<String, Object>> fromStream = new ArrayList<>();
      try (ArrowStreamReader reader =
          new ArrowStreamReader(Files.newInputStream(stream), allocator)) {
        readAll(reader, scan.schema(), fromStream);
      }
      assertEquals(expected, canonical(fromStream));
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  private static void readAll(ArrowReader reader, Schema schema, List<Map<String, Object>> out)
      throws Exception {
    while (reader.loadNextBatch()) {
      out.addAll(ArrowValues.rows(reader.getVectorSchemaRoot(), schema));
    }
  }

  @Test
  void parquetExportIsReadBackByDataShardAndByDuckDb() throws Exception {
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = randomTable(wh);
      TableScan scan = t.scan().filter(Expressions.greaterThan("i", 0));
      List<Map<String, Object>> expectedRows = scan.toRecords();
      List<DataFile> files = ScanExport.parquet(scan, wh.backend(), "export/", 64L << 20);
      assertEquals(1, files.size());
      assertEquals(expectedRows.size(), files.get(0).recordCount());

      // DataShard: commit the exported file to a fresh table with the same schema.
      Table copy = wh.createTable("copy", RandomTables.SCHEMA);
      copy.newAppend().appendFile(files.get(0)).commit();
      assertEquals(canonical(expectedRows), canonical(copy.scan().toRecords()));

      // DuckDB: an independent Parquet reader.
      String path = Path.of(java.net.URI.create(files.get(0).path())).toString();
      List<String> duck = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id, i, l, s, CAST(dec18 AS VARCHAR),"
              + " CAST(dec30 AS VARCHAR), CAST(date AS VARCHAR), CAST(u AS VARCHAR), b"
              + " FROM read_parquet('" + path + "') ORDER BY id")) {
        while (rs.next()) {
          duck.add(rs.getLong(1) + "|" + rs.getObject(2) + "|" + rs.getObject(3) + "|"
              + rs.getString(4) + "|" + rs.getString(5) + "|" + rs.getString(6) + "|"
              + rs.getString(7) + "|" + rs.getString(8) + "|" + rs.getObject(9));
        }
      }
      List<String> ours = new ArrayList<>();
      expectedRows.stream().sorted((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id")))
          .forEach(r -> ours.add(r.get("id") + "|" + r.get("i") + "|" + r.get("l") + "|"
              + r.get("s") + "|" + plain(r.get("dec18")) + "|" + plain(r.get("dec30")) + "|"
              + r.get("date") + "|" + r.get("u") + "|" + r.get("b")));
      assertTrue(ours.size() > 300);
      assertEquals(ours, duck);
    }
  }

  private static String plain(Object v) {
    return v == null ? null : ((BigDecimal) v).toPlainString();
  }

  @Test
  void csvAndJsonLinesHaveExactText() {
    Schema schema = Schema.builder()
        .required("id", Types.LONG)
        .optional("name", Types.STRING)
        .optional("amount", Types.decimal(10, 2))
        .optional("day", Types.DATE)
        .optional("at", Types.TIMESTAMPTZ)
        .optional("ratio", Types.DOUBLE)
        .optional("raw", Types.BINARY)
        .build();
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root).build())) {
      Table t = wh.createTable("text", schema);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", 1L);
      a.put("name", "plain");
      a.put("amount", new BigDecimal("12.50"));
      a.put("day", LocalDate.of(2024, 2, 29));
      a.put("at", OffsetDateTime.of(2024, 2, 29, 12, 30, 0, 0, ZoneOffset.UTC));
      a.put("ratio", Double.NaN);
      a.put("raw", new byte[] {1, 2, 3});
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("id", 2L);
      b.put("name", "say \"hi\", then go");
      b.put("ratio", 0.25);
      t.appendRecords(List.of(a, b));
      StringWriter csv = new StringWriter();
      assertEquals(2, ScanExport.csv(t.scan(), csv));
      assertEquals("id,name,amount,day,at,ratio,raw\r\n"
          + "1,plain,12.50,2024-02-29,2024-02-29T12:30Z,NaN,AQID\r\n"
          + "2,\"say \"\"hi\"\", then go\",,,,0.25,\r\n", csv.toString());
      StringWriter json = new StringWriter();
      assertEquals(1, ScanExport.jsonLines(t.scan().select("id", "name", "ratio")
          .filter(Expressions.equal("id", 2L)), json));
      assertEquals("{\"id\":2,\"name\":\"say \\\"hi\\\", then go\",\"ratio\":0.25}\n",
          json.toString());
      StringWriter json1 = new StringWriter();
      ScanExport.jsonLines(t.scan().filter(Expressions.equal("id", 1L)), json1);
      assertEquals("{\"id\":1,\"name\":\"plain\",\"amount\":12.50,\"day\":\"2024-02-29\","
          + "\"at\":\"2024-02-29T12:30Z\",\"ratio\":\"NaN\",\"raw\":\"AQID\"}\n", json1.toString());
    }
  }
}
