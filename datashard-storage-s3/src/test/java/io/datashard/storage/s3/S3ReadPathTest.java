package io.datashard.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.ScanReport;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.Warehouse;
import io.datashard.expressions.Expressions;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The S3 read path streams with ranged reads (issue 4 point 6): a scan of one narrow column with a
 * selective filter fetches the data file's footer and then only that column's chunk, never the
 * whole object, as the SDK's logged requests show.
 */
class S3ReadPathTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("payload", Types.BINARY)
      .optional("note", Types.STRING)
      .build();
  private static final int ROWS = 6000;

  @Test
  void aNarrowSelectiveScanFetchesTheFooterThenOnlyTheNeededColumnChunk() {
    String bucket = S3TestServer.get().newBucket();
    RequestLog log = new RequestLog();
    try (Warehouse wh = warehouse(bucket, log)) {
      Table table = wideTable(wh);
      List<DataFile> files = table.scan().planFiles();
      assertEquals(1, files.size());
      DataFile file = files.get(0);
      assertTrue(file.fileSizeInBytes() > 4_000_000, "file is " + file.fileSizeInBytes());

      log.clear();
      TableScan scan = table.scan().select("id")
          .filter(Expressions.in("id", 17L, 4242L, 5999L));
      List<Map<String, Object>> got = scan.toRecords();
      assertEquals(List.of(Map.of("id", 17L), Map.of("id", 4242L), Map.of("id", 5999L)), got);
      ScanReport report = scan.report();
      assertEquals(Map.of("not a local file", 1L), report.javaReadReasons());

      String path = "/" + bucket + "/wh/wide/data/" + file.path().substring(
          file.path().lastIndexOf('/') + 1);
      long len = file.fileSizeInBytes();
      List<String> data = log.requests().stream().filter(r -> r.contains("/data/")).toList();
      assertEquals(5, data.size(), String.join("\n", data));
      assertEquals("HEAD " + path, data.get(0)); // the length, then the footer from the end
      assertEquals("GET " + path + " [Range: bytes=0-3]", data.get(1)); // magic
      assertEquals("GET " + path + " [Range: bytes=" + (len - 8) + "-" + (len - 1) + "]",
          data.get(2)); // footer length + magic
      long footerStart = rangeStart(data.get(3));
      assertEquals("GET " + path + " [Range: bytes=" + footerStart + "-" + (len - 9) + "]",
          data.get(3)); // the footer, ending where the tail begins
      // Then only the id column's chunk: the first chunk of the file, far smaller than the file.
      long chunkEnd = rangeEnd(data.get(4));
      assertEquals("GET " + path + " [Range: bytes=4-" + chunkEnd + "]", data.get(4));
      assertTrue(chunkEnd < footerStart, data.get(4));

      long fetched = fetchedBytes(log.gets(), path);
      assertEquals(4 + 8 + (len - 8 - footerStart) + (chunkEnd - 3), fetched);
      assertEquals(fetched, report.bytesRead());
      assertTrue(fetched * 100 < len, "fetched " + fetched + " of " + len + " bytes");

      // A second column read for a filter on another: two chunks, still no payload bytes.
      log.clear();
      TableScan notes = table.scan().select("note").filter(Expressions.equal("id", 4242L));
      assertEquals(List.of(Map.of("note", "note-4242")), notes.toRecords());
      List<String> chunkGets = log.requests().stream()
          .filter(r -> r.startsWith("GET " + path + " ")).toList();
      assertEquals(5, chunkGets.size(), String.join("\n", chunkGets)); // magic, tail, footer, 2
      long fetched2 = fetchedBytes(log.gets(), path);
      assertEquals(fetched2, notes.report().bytesRead());
      assertTrue(fetched2 * 20 < len, "fetched " + fetched2 + " of " + len + " bytes");
    }
  }

  @Test
  void aFullScanToArrowIsReadByTheVectorizedReaderWithOneRangedGetPerChunk() throws Exception {
    String bucket = S3TestServer.get().newBucket();
    RequestLog log = new RequestLog();
    try (Warehouse wh = warehouse(bucket, log);
        org.apache.arrow.memory.BufferAllocator allocator =
            new org.apache.arrow.memory.RootAllocator()) {
      Table table = wideTable(wh);
      DataFile file = table.scan().planFiles().get(0);
      String path = "/" + bucket + "/wh/wide/data/" + file.path().substring(
          file.path().lastIndexOf('/') + 1);
      long len = file.fileSizeInBytes();

      log.clear();
      TableScan scan = table.scan().select("id", "note");
      long next = 0;
      try (org.apache.arrow.vector.ipc.ArrowReader reader = scan.toArrow(allocator)) {
        while (reader.loadNextBatch()) {
          org.apache.arrow.vector.VectorSchemaRoot root = reader.getVectorSchemaRoot();
          org.apache.arrow.vector.BigIntVector id =
              (org.apache.arrow.vector.BigIntVector) root.getVector("id");
          org.apache.arrow.vector.VarCharVector note =
              (org.apache.arrow.vector.VarCharVector) root.getVector("note");
          for (int i = 0; i < root.getRowCount(); i++, next++) {
            assertEquals(next, id.get(i));
            assertEquals("note-" + next, note.getObject(i).toString());
          }
        }
      }
      assertEquals(ROWS, next);
      ScanReport report = scan.report();
      assertEquals(1, report.filesReadVectorized(), report.toString());
      assertEquals(0, report.filesReadJava(), report.toString());
      // The footer as before, then one bounded GET per read column chunk: never the payload.
      List<String> data = log.requests().stream().filter(r -> r.contains("/data/")).toList();
      assertEquals(6, data.size(), String.join("\n", data));
      assertEquals("HEAD " + path, data.get(0));
      assertEquals("GET " + path + " [Range: bytes=0-3]", data.get(1));
      assertEquals("GET " + path + " [Range: bytes=" + (len - 8) + "-" + (len - 1) + "]",
          data.get(2));
      long footerStart = rangeStart(data.get(3));
      assertEquals("GET " + path + " [Range: bytes=" + footerStart + "-" + (len - 9) + "]",
          data.get(3));
      long idEnd = rangeEnd(data.get(4)); // the id chunk opens the file
      assertEquals("GET " + path + " [Range: bytes=4-" + idEnd + "]", data.get(4));
      long noteStart = rangeStart(data.get(5)); // the note chunk, after the payload's
      long noteEnd = rangeEnd(data.get(5));
      assertTrue(noteStart > idEnd + 1 && noteEnd < footerStart, data.get(5));
      long fetched = fetchedBytes(log.gets(), path);
      assertEquals(4 + 8 + (len - 8 - footerStart) + (idEnd - 3) + (noteEnd - noteStart + 1),
          fetched);
      assertEquals(fetched, report.bytesRead());
      assertTrue(fetched * 20 < len, "fetched " + fetched + " of " + len + " bytes");
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  /** A warehouse in the bucket whose S3 requests go to {@code log}; files up to 64 MiB. */
  private static Warehouse warehouse(String bucket, RequestLog log) {
    DataShardConfig config = S3TestServer.get().config(bucket, "wh")
        .set(DataShardConfig.TARGET_FILE_SIZE_BYTES, Long.toString(64L << 20)).build();
    return Warehouse.of(new S3StorageBackend(S3Settings.from(config), List.of(log)), config);
  }

  /** One 6,000-row data file of about 4.8 MB, almost all of it the random payload column. */
  private static Table wideTable(Warehouse wh) {
    Table table = wh.createTable("wide", SCHEMA);
    Random rnd = new Random(7);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      byte[] payload = new byte[800]; // random: Parquet cannot shrink it
      rnd.nextBytes(payload);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("payload", payload);
      r.put("note", "note-" + id);
      rows.add(r);
    }
    table.appendRecords(rows);
    return table;
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  private static long rangeStart(String request) {
    Matcher m = RANGE.matcher(request);
    assertTrue(m.find(), request);
    return Long.parseLong(m.group(1));
  }

  private static long rangeEnd(String request) {
    Matcher m = RANGE.matcher(request);
    assertTrue(m.find(), request);
    return Long.parseLong(m.group(2));
  }

  /** The bytes of the GET responses for one object, from their Content-Length. */
  private static long fetchedBytes(List<String> gets, String path) {
    long total = 0;
    for (String g : gets) {
      if (g.startsWith("GET " + path + " ")) {
        assertTrue(g.contains("[Range: bytes="), "an unranged GET: " + g);
        total += Long.parseLong(g.substring(g.indexOf("-> ") + 3, g.lastIndexOf(" bytes")));
      }
    }
    return total;
  }
}
