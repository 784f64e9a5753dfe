package io.datashard.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.testing.InMemoryStorageBackend;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;

class ParquetDataWriterTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .required("id", Types.LONG)
          .optional("name", Types.STRING)
          .optional("score", Types.DOUBLE)
          .optional("blob", Types.BINARY)
          .optional("price", Types.decimal(10, 2))
          .build();

  private final InMemoryStorageBackend backend = new InMemoryStorageBackend();

  private static Map<String, Object> row(long id, String name, Double score, byte[] blob) {
    Map<String, Object> r = new HashMap<>();
    r.put("id", id);
    r.put("name", name);
    r.put("score", score);
    r.put("blob", blob);
    return r;
  }

  private List<DataFile> write(List<Map<String, Object>> records, long target) {
    RecordConverter converter = new RecordConverter(SCHEMA);
    try (ParquetDataWriter writer = new ParquetDataWriter(backend, SCHEMA, "t/data/", target)) {
      for (int i = 0; i < records.size(); i++) {
        writer.write(converter.convert(i, records.get(i)));
      }
      return writer.finish();
    }
  }

  private static Object decode(Map<Integer, ByteBuffer> bounds, int id) {
    ByteBuffer b = bounds.get(id);
    return b == null
        ? null
        : SingleValueSerialization.fromBytes(
            (io.datashard.types.PrimitiveType) SCHEMA.findField(id).type(), b);
  }

  @Test
  void metricsOfASmallFileAreExact() throws Exception {
    byte[] longBlob = new byte[20];
    java.util.Arrays.fill(longBlob, (byte) 0x10);
    longBlob[15] = (byte) 0xFF;
    List<Map<String, Object>> records = new ArrayList<>();
    records.add(row(5, "banana", 1.5, new byte[] {1, 2}));
    records.add(row(-3, null, Double.NaN, null));
    records.add(row(10, "abcdefghijklmnopqrstuvwxyz", -2.0, longBlob));
    records.add(row(7, "zzzzzzzzzzzzzzzzzzzz", null, new byte[] {(byte) 0xFF}));
    records.get(0).put("price", new BigDecimal("-1.5"));

    List<DataFile> files = write(records, 1L << 30);
    assertEquals(1, files.size());
    DataFile f = files.get(0);
    String key = backend.keyOf(f.path());
    assertTrue(key.startsWith("t/data/") && key.endsWith("-0.parquet"), key);
    assertEquals("PARQUET", f.format());
    assertEquals(4, f.recordCount());
    assertEquals(backend.stat(key).get().size(), f.fileSizeInBytes());

    assertEquals(Map.of(1, 4L, 2, 4L, 3, 4L, 4, 4L, 5, 4L), f.valueCounts());
    assertEquals(Map.of(1, 0L, 2, 1L, 3, 1L, 4, 1L, 5, 3L), f.nullValueCounts());
    assertEquals(Map.of(3, 1L), f.nanValueCounts());

    assertEquals(-3L, decode(f.lowerBounds(), 1));
    assertEquals(10L, decode(f.upperBounds(), 1));
    // Strings are truncated to 16 code points; the upper bound's last one is incremented.
    assertEquals("abcdefghijklmnop", decode(f.lowerBounds(), 2));
    assertEquals("zzzzzzzzzzzzzzz{", decode(f.upperBounds(), 2));
    assertEquals(-2.0, decode(f.lowerBounds(), 3));
    assertEquals(1.5, decode(f.upperBounds(), 3));
    assertEquals(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap((byte[]) decode(f.lowerBounds(), 4)));
    assertEquals(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), ByteBuffer.wrap((byte[]) decode(f.upperBounds(), 4)));
    assertEquals(new BigDecimal("-1.50"), decode(f.lowerBounds(), 5));
    assertEquals(new BigDecimal("-1.50"), decode(f.upperBounds(), 5));

    BackendFiles.Input input = new BackendFiles.Input(backend, key);
    ParquetMetadata footer;
    try (org.apache.parquet.io.SeekableInputStream in = input.newStream()) {
      footer = ParquetPages.readFooter(in, input.getLength());
    }
    assertEquals(1, footer.getBlocks().size());
    BlockMetaData block = footer.getBlocks().get(0);
    assertEquals(List.of(block.getStartingPos()), f.splitOffsets());
    assertEquals(4L, block.getStartingPos()); // right after the leading magic bytes
    Map<Integer, Long> sizes = new HashMap<>();
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      sizes.put(SCHEMA.findField(chunk.getPath().toArray()[0]).id(), chunk.getTotalSize());
    }
    assertEquals(sizes, f.columnSizes());
  }

  @Test
  void boundsTruncationEdgeCases() {
    assertEquals("0123456789abcdef", ColumnMetrics.truncateString("0123456789abcdefXYZ"));
    assertEquals("short", ColumnMetrics.truncateStringUpper("short"));
    // 16 supplementary code points (32 chars) are not truncated: the limit counts code points.
    String emoji = "\uD83D\uDE00".repeat(16);
    assertEquals(emoji, ColumnMetrics.truncateString(emoji));
    assertEquals(
        "\uD83D\uDE00".repeat(15) + "\uD83D\uDE01",
        ColumnMetrics.truncateStringUpper(emoji + "x"));
    String maxes = new String(Character.toChars(Character.MAX_CODE_POINT)).repeat(17);
    assertNull(ColumnMetrics.truncateStringUpper(maxes));
    byte[] ff = new byte[17];
    java.util.Arrays.fill(ff, (byte) 0xFF);
    assertNull(ColumnMetrics.truncateBytesUpper(ff));
    // Code point order, not UTF-16 order: U+1F600 sorts after U+FFFD.
    assertTrue(ColumnMetrics.compareCodePoints("\uD83D\uDE00", "\uFFFD") > 0);
  }

  @Test
  void allNullAndNaNColumnsHaveNoBounds() {
    List<DataFile> files =
        write(List.of(row(1, null, Double.NaN, null), row(2, null, null, null)), 1L << 30);
    DataFile f = files.get(0);
    assertEquals(Set.of(1), f.lowerBounds().keySet());
    assertEquals(Set.of(1), f.upperBounds().keySet());
    assertEquals(Map.of(3, 1L), f.nanValueCounts());
  }

  @Test
  void rollsOverAtTheTargetSizeAndKeepsEveryRow() {
    List<Map<String, Object>> records = new ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      records.add(row(i, "name-" + random.nextLong(), random.nextDouble(), null));
    }
    List<DataFile> files = write(records, 64 * 1024);
    assertTrue(files.size() >= 3, "expected several files, got " + files.size());
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      DataFile f = files.get(i);
      total += f.recordCount();
      assertTrue(f.path().endsWith("-" + i + ".parquet"), f.path());
      String key = backend.keyOf(f.path());
      assertEquals(backend.stat(key).get().size(), f.fileSizeInBytes());
      long rows = 0;
      try (CloseableIterator<Object[]> it = ParquetDataReader.open(backend, key, SCHEMA)) {
        while (it.hasNext()) {
          it.next();
          rows++;
        }
      }
      assertEquals(f.recordCount(), rows);
    }
    assertEquals(20_000, total);
    assertEquals(files.size(), backend.list("t/data/").size());
  }

  @Test
  void abortDeletesFinishedFilesAndDiscardsTheOpenOne() {
    RecordConverter converter = new RecordConverter(SCHEMA);
    ParquetDataWriter writer = new ParquetDataWriter(backend, SCHEMA, "t/data/", 16 * 1024);
    for (int i = 0; i < 10_000; i++) {
      writer.write(converter.convert(i, row(i, "n" + i, (double) i, null)));
    }
    assertTrue(backend.list("t/data/").size() >= 1);
    writer.abort();
    assertEquals(List.of(), backend.list("t/data/"));
  }

  @Test
  void closeWithoutFinishAborts() {
    RecordConverter converter = new RecordConverter(SCHEMA);
    try (ParquetDataWriter writer = new ParquetDataWriter(backend, SCHEMA, "t/data/", 1L << 30)) {
      writer.write(converter.convert(0, row(1, "a", 1.0, null)));
    }
    assertEquals(List.of(), backend.list("t/data/"));
  }
}
