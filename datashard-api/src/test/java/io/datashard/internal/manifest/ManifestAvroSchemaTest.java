package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.ManifestFixtures.TABLE_SCHEMA;
import static io.datashard.internal.manifest.ManifestFixtures.fullFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Checks the Avro written to disk against the Iceberg spec, reading it back with plain Avro. */
class ManifestAvroSchemaTest {

  private static final class Container {
    final Schema schema;
    final Map<String, String> meta = new TreeMap<>();
    final List<GenericRecord> records = new ArrayList<>();

    Container(byte[] bytes) throws IOException {
      try (DataFileStream<GenericRecord> s =
          new DataFileStream<>(new ByteArrayInputStream(bytes), new GenericDatumReader<>())) {
        schema = s.getSchema();
        for (String k : s.getMetaKeys()) {
          if (!k.startsWith("avro.")) {
            meta.put(k, s.getMetaString(k));
          }
        }
        s.forEach(records::add);
      }
    }
  }

  private static Container manifest() throws IOException {
    return new Container(ManifestWriter.write(TABLE_SCHEMA,
        List.of(ManifestEntry.added(null, fullFile("a", 3)))));
  }

  private static int id(Schema.Field f) {
    return ((Number) f.getObjectProp("field-id")).intValue();
  }

  private static Schema nonNull(Schema s) {
    return ManifestSchemas.nonNull(s);
  }

  @Test
  void entryFieldsHaveSpecNamesIdsAndOrder() throws IOException {
    Schema entry = manifest().schema;
    assertEquals("manifest_entry", entry.getName());
    List<String> got = new ArrayList<>();
    entry.getFields().forEach(f -> got.add(id(f) + " " + f.name()));
    assertEquals(List.of("0 status", "1 snapshot_id", "3 sequence_number",
        "4 file_sequence_number", "2 data_file"), got);
  }

  @Test
  void dataFileFieldsHaveSpecNamesAndIds() throws IOException {
    Schema dataFile = manifest().schema.getField("data_file").schema();
    assertEquals("r2", dataFile.getName());
    List<String> got = new ArrayList<>();
    dataFile.getFields().forEach(f -> got.add(id(f) + " " + f.name()));
    assertEquals(List.of("134 content", "100 file_path", "101 file_format", "102 partition",
        "103 record_count", "104 file_size_in_bytes", "108 column_sizes", "109 value_counts",
        "110 null_value_counts", "137 nan_value_counts", "125 lower_bounds", "128 upper_bounds",
        "131 key_metadata", "132 split_offsets", "135 equality_ids", "140 sort_order_id",
        "143 referenced_data_file"), got);
    assertEquals("r102", dataFile.getField("partition").schema().getName());
    assertEquals(0, dataFile.getField("partition").schema().getFields().size());
  }

  @Test
  void optionalFieldsAreNullFirstUnionsDefaultingToNull() throws IOException {
    Schema entry = manifest().schema;
    Schema.Field snapshotId = entry.getField("snapshot_id");
    assertEquals(Schema.Type.UNION, snapshotId.schema().getType());
    assertEquals(Schema.Type.NULL, snapshotId.schema().getTypes().get(0).getType());
    assertEquals(Schema.Type.LONG, snapshotId.schema().getTypes().get(1).getType());
    assertEquals(org.apache.avro.JsonProperties.NULL_VALUE, snapshotId.defaultVal());
    assertEquals(Schema.Type.INT, entry.getField("status").schema().getType());
  }

  @Test
  void intKeyedMapsAreArraysOfKeyValueRecordsWithIds() throws IOException {
    Schema dataFile = manifest().schema.getField("data_file").schema();
    int[][] expected = {{108, 117, 118}, {109, 119, 120}, {110, 121, 122}, {137, 138, 139},
        {125, 126, 127}, {128, 129, 130}};
    for (int[] e : expected) {
      Schema.Field field = dataFile.getFields().stream()
          .filter(f -> id(f) == e[0]).findFirst().orElseThrow();
      Schema array = nonNull(field.schema());
      assertEquals(Schema.Type.ARRAY, array.getType(), field.name());
      assertEquals("map", array.getProp("logicalType"), field.name());
      Schema kv = array.getElementType();
      assertEquals("k" + e[1] + "_v" + e[2], kv.getName());
      assertEquals("key", kv.getFields().get(0).name());
      assertEquals(e[1], id(kv.getFields().get(0)));
      assertEquals(Schema.Type.INT, kv.getFields().get(0).schema().getType());
      assertEquals("value", kv.getFields().get(1).name());
      assertEquals(e[2], id(kv.getFields().get(1)));
    }
    Schema lower = nonNull(dataFile.getField("lower_bounds").schema()).getElementType();
    assertEquals(Schema.Type.BYTES, lower.getField("value").schema().getType());
  }

  @Test
  void listsCarryElementIds() throws IOException {
    Schema dataFile = manifest().schema.getField("data_file").schema();
    Schema splits = nonNull(dataFile.getField("split_offsets").schema());
    assertEquals(133, ((Number) splits.getObjectProp("element-id")).intValue());
    assertEquals(Schema.Type.LONG, splits.getElementType().getType());
    Schema eq = nonNull(dataFile.getField("equality_ids").schema());
    assertEquals(136, ((Number) eq.getObjectProp("element-id")).intValue());
  }

  @Test
  void manifestMetadataHasSchemaSpecAndVersion() throws IOException {
    Map<String, String> meta = manifest().meta;
    assertEquals(TABLE_SCHEMA.toJson(), meta.get("schema"));
    assertEquals(String.valueOf(TABLE_SCHEMA.schemaId()), meta.get("schema-id"));
    assertEquals("[]", meta.get("partition-spec"));
    assertEquals("0", meta.get("partition-spec-id"));
    assertEquals("2", meta.get("format-version"));
    assertEquals("data", meta.get("content"));
  }

  @Test
  void manifestUsesDeflate() throws IOException {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of());
    try (DataFileStream<GenericRecord> s =
        new DataFileStream<>(new ByteArrayInputStream(bytes), new GenericDatumReader<>())) {
      assertEquals("deflate", s.getMetaString("avro.codec"));
    }
  }

  @Test
  void fileFormatIsStoredUpperCaseAndAddedSequenceNumbersAsNull() throws IOException {
    GenericRecord entry = manifest().records.get(0);
    GenericRecord file = (GenericRecord) entry.get("data_file");
    assertEquals("PARQUET", file.get("file_format").toString());
    assertEquals(0, file.get("content"));
    assertEquals(1, entry.get("status"));
    assertNull(entry.get("snapshot_id"));
    assertNull(entry.get("sequence_number"));
    assertNull(entry.get("file_sequence_number"));
  }

  @Test
  void manifestListFieldsHaveSpecNamesAndIds() throws IOException {
    Schema list = new Container(ManifestListWriter.write(1L, null, 1L, List.of())).schema;
    assertEquals("manifest_file", list.getName());
    List<String> got = new ArrayList<>();
    list.getFields().forEach(f -> got.add(id(f) + " " + f.name()));
    assertEquals(List.of("500 manifest_path", "501 manifest_length", "502 partition_spec_id",
        "517 content", "515 sequence_number", "516 min_sequence_number", "503 added_snapshot_id",
        "504 added_files_count", "505 existing_files_count", "506 deleted_files_count",
        "512 added_rows_count", "513 existing_rows_count", "514 deleted_rows_count",
        "507 partitions", "519 key_metadata"), got);
    Schema partitions = nonNull(list.getField("partitions").schema());
    assertEquals(508, ((Number) partitions.getObjectProp("element-id")).intValue());
    Schema summary = partitions.getElementType();
    assertEquals("r508", summary.getName());
    List<String> sgot = new ArrayList<>();
    summary.getFields().forEach(f -> sgot.add(id(f) + " " + f.name()));
    assertEquals(List.of("509 contains_null", "518 contains_nan", "510 lower_bound",
        "511 upper_bound"), sgot);
    // v2 makes every count required.
    assertEquals(Schema.Type.INT, list.getField("added_files_count").schema().getType());
  }

  @Test
  void manifestListMetadataHasSnapshotParentSequenceAndVersion() throws IOException {
    Map<String, String> meta = new Container(ManifestListWriter.write(11L, 10L, 4L, List.of())).meta;
    assertEquals(Map.of("snapshot-id", "11", "parent-snapshot-id", "10",
        "sequence-number", "4", "format-version", "2", "datashard.manifest-count", "0"), meta);
  }

  @Test
  void firstSnapshotWritesParentAsTheTextNullLikeIcebergJava() throws IOException {
    Map<String, String> meta = new Container(ManifestListWriter.write(11L, null, 1L, List.of())).meta;
    assertEquals("null", meta.get("parent-snapshot-id"));
  }
}
