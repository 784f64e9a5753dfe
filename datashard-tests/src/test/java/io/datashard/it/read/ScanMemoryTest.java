package io.datashard.it.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.types.Types;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table several times larger than the heap streams through toArrow in a separate JVM: 256 MiB
 * of Parquet with -Xmx64m by default; 1 GiB with -Xmx256m under {@code -Pstress}.
 */
class ScanMemoryTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .required("payload", Types.BINARY)
      .build();
  private static final int PAYLOAD = 1024; // random bytes: Parquet cannot compress them

  @TempDir Path root;

  @Test
  void aTableManyTimesTheHeapStreamsThroughArrowInBoundedMemory() throws Exception {
    boolean stress = Boolean.getBoolean("datashard.stress");
    long tableBytes = stress ? 1L << 30 : 256L << 20;
    String heap = stress ? "-Xmx256m" : "-Xmx64m";
    long rowsTotal = tableBytes / PAYLOAD;
    try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.TARGET_FILE_SIZE_BYTES, Long.toString(8L << 20)).build())) {
      Table t = wh.createTable("big", SCHEMA);
      Random rnd = new Random(1);
      int perCommit = 8192;
      for (long first = 0; first < rowsTotal; first += perCommit) {
        List<Map<String, Object>> rows = new ArrayList<>(perCommit);
        for (int i = 0; i < perCommit && first + i < rowsTotal; i++) {
          byte[] payload = new byte[PAYLOAD];
          rnd.nextBytes(payload);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("id", first + i);
          r.put("payload", payload);
          rows.add(r);
        }
        t.appendRecords(rows);
      }
      long fileBytes = t.scan().planFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
      assertTrue(fileBytes >= tableBytes, "table is only " + fileBytes + " bytes");
    }
    List<String> cmd = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        heap, "-XX:+UseSerialGC", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        ArrowScanWorker.class.getName(), root.toString(), "big", "2",
        Long.toString(64L << 20));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the scan JVM did not finish in 5 minutes");
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    String line = out.lines().filter(l -> l.startsWith("ROWS ")).findFirst().orElse(out);
    String[] parts = line.split(" ");
    assertEquals(Long.toString(rowsTotal), parts[1], out);
    assertEquals(Long.toString(rowsTotal * (rowsTotal - 1) / 2), parts[3], out);
  }
}
