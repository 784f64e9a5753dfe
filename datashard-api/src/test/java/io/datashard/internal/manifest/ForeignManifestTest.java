package io.datashard.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.DataShardException;
import io.datashard.internal.manifest.ManifestEntry.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Manifests and lists in the shapes other writers and older spec versions produce, built with
 * plain Avro from hand-written schemas.
 */
class ForeignManifestTest {
  private static final String PATH = "s3://b/t/metadata/m.avro";

  // v1 manifest_entry: required snapshot_id, no sequence numbers, block_size_in_bytes, and a
  // field DataShard does not know (distinct_counts) that must be skipped.
  private static final Schema V1_ENTRY = new Schema.Parser().parse("{"
      + "\"type\":\"record\",\"name\":\"manifest_entry\",\"fields\":["
      + "{\"name\":\"status\",\"type\":\"int\",\"field-id\":0},"
      + "{\"name\":\"snapshot_id\",\"type\":\"long\",\"field-id\":1},"
      + "{\"name\":\"data_file\",\"field-id\":2,\"type\":{\"type\":\"record\",\"name\":\"r2\","
      + "\"fields\":["
      + "{\"name\":\"file_path\",\"type\":\"string\",\"field-id\":100},"
      + "{\"name\":\"file_format\",\"type\":\"string\",\"field-id\":101},"
      + "{\"name\":\"partition\",\"type\":{\"type\":\"record\",\"name\":\"r102\",\"fields\":[]},"
      + "\"field-id\":102},"
      + "{\"name\":\"record_count\",\"type\":\"long\",\"field-id\":103},"
      + "{\"name\":\"file_size_in_bytes\",\"type\":\"long\",\"field-id\":104},"
      + "{\"name\":\"block_size_in_bytes\",\"type\":\"long\",\"field-id\":105},"
      + "{\"name\":\"value_counts\",\"type\":[\"null\",{\"type\":\"array\",\"logicalType\":\"map\","
      + "\"items\":{\"type\":\"record\",\"name\":\"k119_v120\",\"fields\":["
      + "{\"name\":\"key\",\"type\":\"int\",\"field-id\":119},"
      + "{\"name\":\"value\",\"type\":\"long\",\"field-id\":120}]}}],\"default\":null,"
      + "\"field-id\":109},"
      + "{\"name\":\"distinct_counts\",\"type\":[\"null\",{\"type\":\"array\",\"logicalType\":\"map\","
      + "\"items\":{\"type\":\"record\",\"name\":\"k123_v124\",\"fields\":["
      + "{\"name\":\"key\",\"type\":\"int\",\"field-id\":123},"
      + "{\"name\":\"value\",\"type\":\"long\",\"field-id\":124}]}}],\"default\":null,"
      + "\"field-id\":111},"
      + "{\"name\":\"lower_bounds\",\"type\":[\"null\",{\"type\":\"array\",\"logicalType\":\"map\","
      + "\"items\":{\"type\":\"record\",\"name\":\"k126_v127\",\"fields\":["
      + "{\"name\":\"key\",\"type\":\"int\",\"field-id\":126},"
      + "{\"name\":\"value\",\"type\":\"bytes\",\"field-id\":127}]}}],\"default\":null,"
      + "\"field-id\":125}"
      + "]}}]}");

  // An early manifest list: no field ids at all, old count names, optional counts.
  private static final Schema V1_LIST = new Schema.Parser().parse("{"
      + "\"type\":\"record\",\"name\":\"manifest_file\",\"fields\":["
      + "{\"name\":\"manifest_path\",\"type\":\"string\"},"
      + "{\"name\":\"manifest_length\",\"type\":\"long\"},"
      + "{\"name\":\"partition_spec_id\",\"type\":\"int\"},"
      + "{\"name\":\"added_snapshot_id\",\"type\":[\"null\",\"long\"],\"default\":null},"
      + "{\"name\":\"added_data_files_count\",\"type\":[\"null\",\"int\"],\"default\":null},"
      + "{\"name\":\"existing_data_files_count\",\"type\":[\"null\",\"int\"],\"default\":null},"
      + "{\"name\":\"deleted_data_files_count\",\"type\":[\"null\",\"int\"],\"default\":null}"
      + "]}");

  private static byte[] container(Schema schema, List<GenericRecord> records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      w.create(schema, out);
      for (GenericRecord r : records) {
        w.append(r);
      }
    }
    return out.toByteArray();
  }

  private static GenericRecord v1Entry(int status, String format) {
    Schema fileSchema = V1_ENTRY.getField("data_file").schema();
    GenericData.Record file = new GenericData.Record(fileSchema);
    file.put("file_path", "s3://b/t/data/f.parquet");
    file.put("file_format", format);
    file.put("partition", new GenericData.Record(fileSchema.getField("partition").schema()));
    file.put("record_count", 12L);
    file.put("file_size_in_bytes", 3456L);
    file.put("block_size_in_bytes", 67108864L);
    Schema vc = fileSchema.getField("value_counts").schema().getTypes().get(1).getElementType();
    GenericData.Record kv = new GenericData.Record(vc);
    kv.put("key", 1);
    kv.put("value", 12L);
    file.put("value_counts", List.of(kv));
    Schema lb = fileSchema.getField("lower_bounds").schema().getTypes().get(1).getElementType();
    GenericData.Record bound = new GenericData.Record(lb);
    bound.put("key", 1);
    bound.put("value", ByteBuffer.wrap(new byte[] {9}));
    file.put("lower_bounds", List.of(bound));
    GenericData.Record entry = new GenericData.Record(V1_ENTRY);
    entry.put("status", status);
    entry.put("snapshot_id", 99L);
    entry.put("data_file", file);
    return entry;
  }

  private static ManifestFile v1Listed(byte[] bytes) {
    return ManifestFile.builder().path(PATH).length(bytes.length).addedSnapshotId(99L)
        .sequenceNumber(0).minSequenceNumber(0).build();
  }

  @Test
  void v1ManifestReadsWithSequenceNumberZeroAndSkipsUnknownFields() throws IOException {
    byte[] bytes = container(V1_ENTRY, List.of(v1Entry(1, "PARQUET"), v1Entry(0, "PARQUET")));

    List<ManifestEntry> entries = ManifestReader.read(bytes, v1Listed(bytes));

    assertEquals(2, entries.size());
    ManifestEntry e = entries.get(1);
    assertEquals(Status.EXISTING, e.status());
    assertEquals(99L, e.snapshotId());
    assertEquals(0L, e.dataSequenceNumber());
    assertEquals(0L, e.fileSequenceNumber());
    assertEquals("s3://b/t/data/f.parquet", e.file().path());
    assertEquals(12L, e.file().recordCount());
    assertEquals(Map.of(1, 12L), e.file().valueCounts());
    assertEquals(Map.of(1, ByteBuffer.wrap(new byte[] {9})), e.file().lowerBounds());
    assertNull(e.file().columnSizes());
  }

  @Test
  void lowerCaseFormatNameIsAccepted() throws IOException {
    byte[] bytes = container(V1_ENTRY, List.of(v1Entry(1, "parquet")));
    assertEquals("PARQUET", ManifestReader.read(bytes, v1Listed(bytes)).get(0).file().format());
  }

  @Test
  void nonParquetDataFilesAreRefusedWithAClearMessage() throws IOException {
    byte[] bytes = container(V1_ENTRY, List.of(v1Entry(1, "ORC")));
    DataShardException e = assertThrows(DataShardException.class,
        () -> ManifestReader.read(bytes, v1Listed(bytes)));
    assertEquals("Manifest " + PATH + " lists data file s3://b/t/data/f.parquet in format ORC:"
        + " DataShard reads only Parquet data files; rewrite the table's data as Parquet with"
        + " another Iceberg engine first", e.getMessage());
  }

  @Test
  void avroThatIsNotAManifestIsACorruptTable() throws IOException {
    GenericData.Record r = new GenericData.Record(V1_LIST);
    r.put("manifest_path", "x");
    r.put("manifest_length", 1L);
    r.put("partition_spec_id", 0);
    byte[] bytes = container(V1_LIST, List.of(r));
    assertThrows(CorruptTableException.class, () -> ManifestReader.read(bytes, v1Listed(bytes)));
  }

  @Test
  void earlyManifestListReadsByNameWithZeroSequenceNumbersAndUnknownCounts() throws IOException {
    GenericData.Record r = new GenericData.Record(V1_LIST);
    r.put("manifest_path", PATH);
    r.put("manifest_length", 777L);
    r.put("partition_spec_id", 0);
    r.put("added_snapshot_id", 99L);
    r.put("added_data_files_count", 3);
    r.put("existing_data_files_count", null);
    r.put("deleted_data_files_count", 0);

    ManifestFile m = ManifestListReader.read(container(V1_LIST, List.of(r)), "list").get(0);

    assertEquals(PATH, m.path());
    assertEquals(777L, m.length());
    assertEquals(ManifestFile.CONTENT_DATA, m.content());
    assertEquals(0L, m.sequenceNumber());
    assertEquals(0L, m.minSequenceNumber());
    assertEquals(99L, m.addedSnapshotId());
    assertEquals(3, m.addedFilesCount());
    assertEquals(ManifestFile.UNKNOWN_COUNT, m.existingFilesCount());
    assertEquals(0, m.deletedFilesCount());
    assertEquals(ManifestFile.UNKNOWN_COUNT, m.addedRowsCount());
    assertEquals(List.of(), m.partitions());
  }
}
