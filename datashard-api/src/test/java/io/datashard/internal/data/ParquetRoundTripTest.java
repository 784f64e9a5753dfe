package io.datashard.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.testing.InMemoryStorageBackend;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetRoundTripTest {
  static final Schema ALL_TYPES =
      Schema.builder()
          .required("id", Types.LONG)
          .optional("b", Types.BOOLEAN)
          .optional("i", Types.INT)
          .optional("l", Types.LONG)
          .optional("f", Types.FLOAT)
          .optional("d", Types.DOUBLE)
          .optional("dec9", Types.decimal(9, 2))
          .optional("dec18", Types.decimal(18, 4))
          .optional("dec38", Types.decimal(38, 10))
          .optional("date", Types.DATE)
          .optional("time", Types.TIME)
          .optional("ts", Types.TIMESTAMP)
          .optional("tstz", Types.TIMESTAMPTZ)
          .optional("s", Types.STRING)
          .optional("u", Types.UUID)
          .optional("fx", Types.fixed(3))
          .optional("bin", Types.BINARY)
          .build();

  private final InMemoryStorageBackend backend = new InMemoryStorageBackend();

  static Map<String, Object> fullRecord() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", 1L);
    r.put("b", true);
    r.put("i", Integer.MIN_VALUE);
    r.put("l", Long.MAX_VALUE);
    r.put("f", Float.NaN);
    r.put("d", -0.5d);
    r.put("dec9", new BigDecimal("-9999999.99"));
    r.put("dec18", new BigDecimal("12345678901234.5678"));
    r.put("dec38", new BigDecimal("-9999999999999999999999999999.9999999999"));
    r.put("date", LocalDate.of(1969, 12, 31));
    r.put("time", LocalTime.of(23, 59, 59, 999_999_000));
    r.put("ts", LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000));
    r.put("tstz", OffsetDateTime.of(2024, 2, 29, 12, 30, 0, 0, ZoneOffset.ofHours(2)));
    r.put("s", "");
    r.put("u", UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"));
    r.put("fx", new byte[] {1, 2, (byte) 0xFF});
    r.put("bin", ByteBuffer.wrap(new byte[] {}));
    return r;
  }

  static Map<String, Object> secondRecord() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", Long.MIN_VALUE);
    r.put("b", false);
    r.put("i", Integer.MAX_VALUE);
    r.put("l", Long.MIN_VALUE);
    r.put("f", Float.MAX_VALUE);
    r.put("d", Double.NaN);
    r.put("dec9", new BigDecimal("0.5"));
    r.put("dec18", new BigDecimal("-1"));
    r.put("dec38", new BigDecimal("9999999999999999999999999999.9999999999"));
    r.put("date", LocalDate.of(2262, 4, 11));
    r.put("time", LocalTime.MIDNIGHT);
    r.put("ts", LocalDateTime.of(1970, 1, 1, 0, 0));
    r.put("tstz", Instant.ofEpochSecond(-1, 999_999_000));
    r.put("s", "héllo wörld \uD83D\uDE00");
    r.put("u", new UUID(0, 0));
    r.put("fx", ByteBuffer.wrap(new byte[] {0, 0, 0}));
    r.put("bin", new byte[] {(byte) 0x80, 0x7F});
    return r;
  }

  static Map<String, Object> nullRecord() {
    Map<String, Object> r = new HashMap<>();
    r.put("id", 0L);
    return r;
  }

  private List<DataFile> write(Schema schema, List<Map<String, Object>> records,
      CompressionCodecName codec) {
    List<Object[]> rows = new RecordConverter(schema).convertAll(records);
    try (ParquetDataWriter writer =
        new ParquetDataWriter(backend, schema, "t/data/", 1L << 30, codec)) {
      rows.forEach(writer::write);
      return writer.finish();
    }
  }

  private List<Object[]> read(DataFile file, Schema projection) {
    List<Object[]> rows = new ArrayList<>();
    try (CloseableIterator<Object[]> it =
        ParquetDataReader.open(backend, backend.keyOf(file.path()), projection)) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"ZSTD", "SNAPPY", "GZIP", "UNCOMPRESSED"})
  void everyTypeRoundTripsWithEveryCodec(CompressionCodecName codec) {
    List<DataFile> files =
        write(ALL_TYPES, List.of(fullRecord(), secondRecord(), nullRecord()), codec);
    assertEquals(1, files.size());
    List<Object[]> rows = read(files.get(0), ALL_TYPES);
    assertEquals(3, rows.size());

    Object[] a = rows.get(0);
    assertEquals(1L, a[0]);
    assertEquals(true, a[1]);
    assertEquals(Integer.MIN_VALUE, a[2]);
    assertEquals(Long.MAX_VALUE, a[3]);
    assertTrue(Float.isNaN((Float) a[4]));
    assertEquals(-0.5d, a[5]);
    assertEquals(new BigDecimal("-9999999.99"), a[6]);
    assertEquals(new BigDecimal("12345678901234.5678"), a[7]);
    assertEquals(new BigDecimal("-9999999999999999999999999999.9999999999"), a[8]);
    assertEquals(LocalDate.of(1969, 12, 31), a[9]);
    assertEquals(LocalTime.of(23, 59, 59, 999_999_000), a[10]);
    assertEquals(LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000), a[11]);
    assertEquals(OffsetDateTime.of(2024, 2, 29, 10, 30, 0, 0, ZoneOffset.UTC), a[12]);
    assertEquals("", a[13]);
    assertEquals(UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"), a[14]);
    assertArrayEquals(new byte[] {1, 2, (byte) 0xFF}, (byte[]) a[15]);
    assertArrayEquals(new byte[] {}, (byte[]) a[16]);

    Object[] b = rows.get(1);
    assertEquals(Long.MIN_VALUE, b[0]);
    assertEquals(false, b[1]);
    assertEquals(Integer.MAX_VALUE, b[2]);
    assertEquals(Long.MIN_VALUE, b[3]);
    assertEquals(Float.MAX_VALUE, b[4]);
    assertTrue(Double.isNaN((Double) b[5]));
    assertEquals(new BigDecimal("0.50"), b[6]);
    assertEquals(new BigDecimal("-1.0000"), b[7]);
    assertEquals(new BigDecimal("9999999999999999999999999999.9999999999"), b[8]);
    assertEquals(LocalDate.of(2262, 4, 11), b[9]);
    assertEquals(LocalTime.MIDNIGHT, b[10]);
    assertEquals(LocalDateTime.of(1970, 1, 1, 0, 0), b[11]);
    assertEquals(OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC), b[12]);
    assertEquals("héllo wörld \uD83D\uDE00", b[13]);
    assertEquals(new UUID(0, 0), b[14]);
    assertArrayEquals(new byte[] {0, 0, 0}, (byte[]) b[15]);
    assertArrayEquals(new byte[] {(byte) 0x80, 0x7F}, (byte[]) b[16]);

    Object[] c = rows.get(2);
    assertEquals(0L, c[0]);
    for (int i = 1; i < c.length; i++) {
      assertNull(c[i], "column " + i);
    }
  }

  @Test
  void decimalsReadBackWithTheColumnScale() {
    List<DataFile> files =
        write(ALL_TYPES, List.of(Map.of("id", 1L, "dec18", new BigDecimal("7"))),
            CompressionCodecName.ZSTD);
    Object value = read(files.get(0), ALL_TYPES).get(0)[7];
    assertEquals("7.0000", ((BigDecimal) value).toPlainString());
  }

  @Test
  void projectionReturnsColumnsInProjectionOrderAndNullForMissingOnes() {
    List<DataFile> files = write(ALL_TYPES, List.of(fullRecord()), CompressionCodecName.ZSTD);
    Schema projection =
        new Schema(
            List.of(
                ALL_TYPES.findField("s"),
                io.datashard.types.Field.optional(99, "added_later", Types.STRING),
                ALL_TYPES.findField("id")));
    List<Object[]> rows = read(files.get(0), projection);
    assertEquals(1, rows.size());
    assertEquals(Arrays.asList("", null, 1L), Arrays.asList(rows.get(0)));
  }

  @Test
  void columnsAreMatchedByFieldIdSoRenamesStillRead() {
    List<DataFile> files = write(ALL_TYPES, List.of(fullRecord()), CompressionCodecName.ZSTD);
    Schema renamed =
        new Schema(List.of(io.datashard.types.Field.required(1, "renamed_id", Types.LONG)));
    assertEquals(1L, read(files.get(0), renamed).get(0)[0]);
  }

  @Test
  void projectionOfOnlyMissingColumnsStillCountsRows() {
    List<DataFile> files =
        write(ALL_TYPES, List.of(fullRecord(), secondRecord()), CompressionCodecName.ZSTD);
    Schema missing =
        new Schema(List.of(io.datashard.types.Field.optional(77, "nope", Types.INT)));
    List<Object[]> rows = read(files.get(0), missing);
    assertEquals(2, rows.size());
    assertEquals(Arrays.asList((Object) null), Arrays.asList(rows.get(1)));
  }

  @Test
  void footerCarriesFieldIdsLogicalTypesAndIcebergSchema() throws Exception {
    List<DataFile> files = write(ALL_TYPES, List.of(fullRecord()), CompressionCodecName.ZSTD);
    String key = backend.keyOf(files.get(0).path());
    BackendFiles.Input input = new BackendFiles.Input(backend, key);
    try (org.apache.parquet.io.SeekableInputStream in = input.newStream()) {
      ParquetMetadata footer = ParquetPages.readFooter(in, input.getLength());
      MessageType schema = footer.getFileMetaData().getSchema();
      assertEquals(ParquetSchemas.toMessageType(ALL_TYPES), schema);
      assertEquals("table", schema.getName());
      for (Type column : schema.getFields()) {
        assertEquals(
            ALL_TYPES.findField(column.getName()).id(), column.getId().intValue(),
            column.getName());
      }
      assertEquals(
          ALL_TYPES.toJson(),
          footer.getFileMetaData().getKeyValueMetaData().get("iceberg.schema"));
      assertEquals(
          CompressionCodecName.ZSTD,
          footer.getBlocks().get(0).getColumns().get(0).getCodec());
    }
  }

  @Test
  void parquetSchemaMatchesIcebergJavaMapping() {
    assertEquals(
        "message table {\n"
            + "  required int64 id = 1;\n"
            + "  optional boolean b = 2;\n"
            + "  optional int32 i = 3;\n"
            + "  optional int64 l = 4;\n"
            + "  optional float f = 5;\n"
            + "  optional double d = 6;\n"
            + "  optional int32 dec9 (DECIMAL(9,2)) = 7;\n"
            + "  optional int64 dec18 (DECIMAL(18,4)) = 8;\n"
            + "  optional fixed_len_byte_array(16) dec38 (DECIMAL(38,10)) = 9;\n"
            + "  optional int32 date (DATE) = 10;\n"
            + "  optional int64 time (TIME(MICROS,false)) = 11;\n"
            + "  optional int64 ts (TIMESTAMP(MICROS,false)) = 12;\n"
            + "  optional int64 tstz (TIMESTAMP(MICROS,true)) = 13;\n"
            + "  optional binary s (STRING) = 14;\n"
            + "  optional fixed_len_byte_array(16) u (UUID) = 15;\n"
            + "  optional fixed_len_byte_array(3) fx = 16;\n"
            + "  optional binary bin = 17;\n"
            + "}\n",
        ParquetSchemas.toMessageType(ALL_TYPES).toString());
  }

  @Test
  void decimalByteWidthsAreMinimal() {
    assertEquals(1, ParquetSchemas.decimalBytes(2));
    assertEquals(2, ParquetSchemas.decimalBytes(3));
    assertEquals(8, ParquetSchemas.decimalBytes(18));
    assertEquals(9, ParquetSchemas.decimalBytes(19));
    assertEquals(16, ParquetSchemas.decimalBytes(38));
  }

  @Test
  void missingFileThrowsObjectNotFound() {
    assertThrows(
        ObjectNotFoundException.class,
        () -> ParquetDataReader.open(backend, "t/data/nope.parquet", ALL_TYPES));
  }

  @Test
  void fileThatIsNotParquetThrowsCorruptTableNamingIt() {
    backend.put("t/data/junk.parquet", "this is not parquet at all".getBytes());
    CorruptTableException e =
        assertThrows(
            CorruptTableException.class,
            () -> ParquetDataReader.open(backend, "t/data/junk.parquet", ALL_TYPES));
    assertTrue(e.getMessage().startsWith("Data file mem://t/data/junk.parquet is not"),
        e.getMessage());
  }

  @Test
  void truncatedFileThrowsCorruptTable() {
    List<DataFile> files = write(ALL_TYPES, List.of(fullRecord()), CompressionCodecName.ZSTD);
    String key = backend.keyOf(files.get(0).path());
    byte[] whole = backend.read(key);
    backend.put("t/data/cut.parquet", Arrays.copyOf(whole, whole.length - 10));
    assertThrows(
        CorruptTableException.class,
        () -> ParquetDataReader.open(backend, "t/data/cut.parquet", ALL_TYPES));
  }

  @Test
  void hadoopIsNotOnTheClassPath() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("org.apache.hadoop.conf.Configuration"));
  }

  @Test
  void readerIteratorEndsCleanly() {
    List<DataFile> files = write(ALL_TYPES, List.of(fullRecord()), CompressionCodecName.ZSTD);
    try (CloseableIterator<Object[]> it =
        ParquetDataReader.open(backend, backend.keyOf(files.get(0).path()), ALL_TYPES)) {
      assertTrue(it.hasNext());
      it.next();
      assertFalse(it.hasNext());
      assertThrows(java.util.NoSuchElementException.class, it::next);
    }
  }
}
