package io.datashard.internal.manifest;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * The Avro schemas of Iceberg v2 manifests and manifest lists, with Iceberg field ids.
 *
 * <p>Follows the spec's Avro appendix: every struct field carries a {@code field-id} property,
 * optional fields are {@code ["null", T]} unions defaulting to null, lists carry
 * {@code element-id}, and int-keyed maps are arrays (logical type {@code map}) of two-field
 * records named {@code k<keyId>_v<valueId>} whose {@code key} and {@code value} fields carry the
 * key and value ids. Record names for nested structs are {@code r<fieldId>}, as Iceberg-Java
 * writes them.
 */
final class ManifestSchemas {
  static final String FIELD_ID = "field-id";
  static final String ELEMENT_ID = "element-id";

  // Field ids and names used by both writers and readers.
  static final int STATUS = 0;
  static final int SNAPSHOT_ID = 1;
  static final int DATA_FILE = 2;
  static final int SEQUENCE_NUMBER = 3;
  static final int FILE_SEQUENCE_NUMBER = 4;
  static final int FILE_PATH = 100;
  static final int FILE_FORMAT = 101;
  static final int PARTITION = 102;
  static final int RECORD_COUNT = 103;
  static final int FILE_SIZE = 104;
  static final int COLUMN_SIZES = 108;
  static final int VALUE_COUNTS = 109;
  static final int NULL_VALUE_COUNTS = 110;
  static final int LOWER_BOUNDS = 125;
  static final int UPPER_BOUNDS = 128;
  static final int KEY_METADATA = 131;
  static final int SPLIT_OFFSETS = 132;
  static final int CONTENT = 134;
  static final int EQUALITY_IDS = 135;
  static final int NAN_VALUE_COUNTS = 137;
  static final int SORT_ORDER_ID = 140;
  static final int REFERENCED_DATA_FILE = 143;

  static final int MANIFEST_PATH = 500;
  static final int MANIFEST_LENGTH = 501;
  static final int PARTITION_SPEC_ID = 502;
  static final int ADDED_SNAPSHOT_ID = 503;
  static final int ADDED_FILES_COUNT = 504;
  static final int EXISTING_FILES_COUNT = 505;
  static final int DELETED_FILES_COUNT = 506;
  static final int PARTITIONS = 507;
  static final int PARTITION_SUMMARY = 508;
  static final int CONTAINS_NULL = 509;
  static final int LOWER_BOUND = 510;
  static final int UPPER_BOUND = 511;
  static final int ADDED_ROWS_COUNT = 512;
  static final int EXISTING_ROWS_COUNT = 513;
  static final int DELETED_ROWS_COUNT = 514;
  static final int LIST_SEQUENCE_NUMBER = 515;
  static final int MIN_SEQUENCE_NUMBER = 516;
  static final int MANIFEST_CONTENT = 517;
  static final int CONTAINS_NAN = 518;
  static final int MANIFEST_KEY_METADATA = 519;

  /** {@code manifest_entry} of a manifest written with the unpartitioned spec. */
  static final Schema UNPARTITIONED_ENTRY = entrySchema(List.of());

  /** {@code manifest_file}, the record of a v2 manifest list. */
  static final Schema MANIFEST_LIST = manifestListSchema();

  private ManifestSchemas() {}

  /**
   * The v2 {@code manifest_entry} schema for a partition spec whose partition tuple has the given
   * fields (already carrying the spec's partition field ids). The seam for partitioned tables:
   * callers cache one schema per spec.
   */
  static Schema entrySchema(List<Schema.Field> partitionFields) {
    Schema partition = Schema.createRecord("r" + PARTITION, null, null, false, partitionFields);
    List<Schema.Field> file = new ArrayList<>();
    file.add(required(CONTENT, "content", prim(Schema.Type.INT)));
    file.add(required(FILE_PATH, "file_path", prim(Schema.Type.STRING)));
    file.add(required(FILE_FORMAT, "file_format", prim(Schema.Type.STRING)));
    file.add(required(PARTITION, "partition", partition));
    file.add(required(RECORD_COUNT, "record_count", prim(Schema.Type.LONG)));
    file.add(required(FILE_SIZE, "file_size_in_bytes", prim(Schema.Type.LONG)));
    file.add(optional(COLUMN_SIZES, "column_sizes", intMap(117, 118, Schema.Type.LONG)));
    file.add(optional(VALUE_COUNTS, "value_counts", intMap(119, 120, Schema.Type.LONG)));
    file.add(optional(NULL_VALUE_COUNTS, "null_value_counts", intMap(121, 122, Schema.Type.LONG)));
    file.add(optional(NAN_VALUE_COUNTS, "nan_value_counts", intMap(138, 139, Schema.Type.LONG)));
    file.add(optional(LOWER_BOUNDS, "lower_bounds", intMap(126, 127, Schema.Type.BYTES)));
    file.add(optional(UPPER_BOUNDS, "upper_bounds", intMap(129, 130, Schema.Type.BYTES)));
    file.add(optional(KEY_METADATA, "key_metadata", prim(Schema.Type.BYTES)));
    file.add(optional(SPLIT_OFFSETS, "split_offsets", list(133, prim(Schema.Type.LONG))));
    file.add(optional(EQUALITY_IDS, "equality_ids", list(136, prim(Schema.Type.INT))));
    file.add(optional(SORT_ORDER_ID, "sort_order_id", prim(Schema.Type.INT)));
    file.add(optional(REFERENCED_DATA_FILE, "referenced_data_file", prim(Schema.Type.STRING)));
    Schema dataFile = Schema.createRecord("r" + DATA_FILE, null, null, false, file);

    List<Schema.Field> entry = new ArrayList<>();
    entry.add(required(STATUS, "status", prim(Schema.Type.INT)));
    entry.add(optional(SNAPSHOT_ID, "snapshot_id", prim(Schema.Type.LONG)));
    entry.add(optional(SEQUENCE_NUMBER, "sequence_number", prim(Schema.Type.LONG)));
    entry.add(optional(FILE_SEQUENCE_NUMBER, "file_sequence_number", prim(Schema.Type.LONG)));
    entry.add(required(DATA_FILE, "data_file", dataFile));
    return Schema.createRecord("manifest_entry", null, null, false, entry);
  }

  private static Schema manifestListSchema() {
    List<Schema.Field> summary = new ArrayList<>();
    summary.add(required(CONTAINS_NULL, "contains_null", prim(Schema.Type.BOOLEAN)));
    summary.add(optional(CONTAINS_NAN, "contains_nan", prim(Schema.Type.BOOLEAN)));
    summary.add(optional(LOWER_BOUND, "lower_bound", prim(Schema.Type.BYTES)));
    summary.add(optional(UPPER_BOUND, "upper_bound", prim(Schema.Type.BYTES)));
    Schema summaryRecord =
        Schema.createRecord("r" + PARTITION_SUMMARY, null, null, false, summary);

    List<Schema.Field> f = new ArrayList<>();
    f.add(required(MANIFEST_PATH, "manifest_path", prim(Schema.Type.STRING)));
    f.add(required(MANIFEST_LENGTH, "manifest_length", prim(Schema.Type.LONG)));
    f.add(required(PARTITION_SPEC_ID, "partition_spec_id", prim(Schema.Type.INT)));
    f.add(required(MANIFEST_CONTENT, "content", prim(Schema.Type.INT)));
    f.add(required(LIST_SEQUENCE_NUMBER, "sequence_number", prim(Schema.Type.LONG)));
    f.add(required(MIN_SEQUENCE_NUMBER, "min_sequence_number", prim(Schema.Type.LONG)));
    f.add(required(ADDED_SNAPSHOT_ID, "added_snapshot_id", prim(Schema.Type.LONG)));
    f.add(required(ADDED_FILES_COUNT, "added_files_count", prim(Schema.Type.INT)));
    f.add(required(EXISTING_FILES_COUNT, "existing_files_count", prim(Schema.Type.INT)));
    f.add(required(DELETED_FILES_COUNT, "deleted_files_count", prim(Schema.Type.INT)));
    f.add(required(ADDED_ROWS_COUNT, "added_rows_count", prim(Schema.Type.LONG)));
    f.add(required(EXISTING_ROWS_COUNT, "existing_rows_count", prim(Schema.Type.LONG)));
    f.add(required(DELETED_ROWS_COUNT, "deleted_rows_count", prim(Schema.Type.LONG)));
    f.add(optional(PARTITIONS, "partitions", list(PARTITION_SUMMARY, summaryRecord)));
    f.add(optional(MANIFEST_KEY_METADATA, "key_metadata", prim(Schema.Type.BYTES)));
    return Schema.createRecord("manifest_file", null, null, false, f);
  }

  /** The non-null branch of an optional field's schema (or the schema itself if required). */
  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }

  private static Schema prim(Schema.Type type) {
    return Schema.create(type);
  }

  private static Schema.Field required(int id, String name, Schema type) {
    Schema.Field field = new Schema.Field(name, type, null, (Object) null);
    field.addProp(FIELD_ID, id);
    return field;
  }

  private static Schema.Field optional(int id, String name, Schema type) {
    Schema union = Schema.createUnion(Schema.create(Schema.Type.NULL), type);
    Schema.Field field = new Schema.Field(name, union, null, JsonProperties.NULL_VALUE);
    field.addProp(FIELD_ID, id);
    return field;
  }

  private static Schema list(int elementId, Schema element) {
    Schema array = Schema.createArray(element);
    array.addProp(ELEMENT_ID, elementId);
    return array;
  }

  // Avro maps only allow string keys, so Iceberg stores int-keyed maps as arrays of key/value
  // records; the logical type tells readers to rebuild a map.
  private static Schema intMap(int keyId, int valueId, Schema.Type valueType) {
    List<Schema.Field> kv = new ArrayList<>();
    kv.add(required(keyId, "key", prim(Schema.Type.INT)));
    kv.add(required(valueId, "value", prim(valueType)));
    Schema record = Schema.createRecord("k" + keyId + "_v" + valueId, null, null, false, kv);
    Schema array = Schema.createArray(record);
    array.addProp("logicalType", "map");
    return array;
  }
}
