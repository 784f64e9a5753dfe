package io.datashard.internal.manifest;

import io.datashard.DataFile;
import io.datashard.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes an Iceberg v2 data manifest for the unpartitioned spec (spec id 0) as an Avro container,
 * deflate-compressed, in memory. The caller stores the bytes and records their exact length in
 * the {@link ManifestFile}.
 *
 * <p>Entries are written as given: ADDED entries made with {@link ManifestEntry#added} carry null
 * sequence numbers and so inherit the sequence number of the manifest list that first lists the
 * manifest; that is what lets a retried commit reuse the manifest unchanged.
 */
public final class ManifestWriter {
  /** Value of the {@code partition-spec} metadata key for the unpartitioned spec. */
  static final String UNPARTITIONED_SPEC_JSON = "[]";

  private static final org.apache.avro.Schema ENTRY = ManifestSchemas.UNPARTITIONED_ENTRY;
  private static final org.apache.avro.Schema DATA_FILE =
      ENTRY.getField("data_file").schema();
  private static final org.apache.avro.Schema PARTITION =
      DATA_FILE.getField("partition").schema();

  private ManifestWriter() {}

  /**
   * Serializes the entries as a manifest of {@code tableSchema}'s table.
   *
   * @throws IllegalArgumentException if an EXISTING or DELETED entry lacks a sequence number or
   *     snapshot id (only ADDED entries may inherit them)
   */
  public static byte[] write(Schema tableSchema, List<ManifestEntry> entries) {
    for (ManifestEntry e : entries) {
      checkEntry(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * entries.size());
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(ENTRY))) {
      writer.setCodec(CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL));
      writer.setMeta("schema", tableSchema.toJson());
      writer.setMeta("schema-id", String.valueOf(tableSchema.schemaId()));
      writer.setMeta("partition-spec", UNPARTITIONED_SPEC_JSON);
      writer.setMeta("partition-spec-id", "0");
      writer.setMeta("format-version", "2");
      writer.setMeta("content", "data");
      writer.create(ENTRY, out);
      GenericData.Record partition = new GenericData.Record(PARTITION);
      for (ManifestEntry e : entries) {
        writer.append(toRecord(e, partition));
      }
    } catch (IOException e) {
      // Only a ByteArrayOutputStream is written to, so this cannot happen short of a bug.
      throw new UncheckedIOException("Could not serialize a manifest in memory", e);
    }
    return out.toByteArray();
  }

  private static void checkEntry(ManifestEntry e) {
    if (e.status() == ManifestEntry.Status.ADDED) {
      return;
    }
    // The spec lets only ADDED entries inherit: a carried-over entry inheriting the new
    // commit's sequence number would make old data look new.
    if (e.snapshotId() == null
        || e.dataSequenceNumber() == null
        || e.fileSequenceNumber() == null) {
      throw new IllegalArgumentException(
          e.status() + " entry for " + e.file().path() + " needs an explicit snapshot id and"
              + " sequence numbers; only ADDED entries inherit them from the manifest list");
    }
  }

  private static GenericRecord toRecord(ManifestEntry e, GenericData.Record partition) {
    DataFile f = e.file();
    GenericData.Record file = new GenericData.Record(DATA_FILE);
    file.put("content", 0);
    file.put("file_path", f.path());
    file.put("file_format", f.format());
    file.put("partition", partition);
    file.put("record_count", f.recordCount());
    file.put("file_size_in_bytes", f.fileSizeInBytes());
    file.put("column_sizes", kvArray(DATA_FILE, "column_sizes", f.columnSizes()));
    file.put("value_counts", kvArray(DATA_FILE, "value_counts", f.valueCounts()));
    file.put("null_value_counts", kvArray(DATA_FILE, "null_value_counts", f.nullValueCounts()));
    file.put("nan_value_counts", kvArray(DATA_FILE, "nan_value_counts", f.nanValueCounts()));
    file.put("lower_bounds", kvArray(DATA_FILE, "lower_bounds", f.lowerBounds()));
    file.put("upper_bounds", kvArray(DATA_FILE, "upper_bounds", f.upperBounds()));
    file.put("split_offsets", f.splitOffsets());

    GenericData.Record entry = new GenericData.Record(ENTRY);
    entry.put("status", e.status().id());
    entry.put("snapshot_id", e.snapshotId());
    entry.put("sequence_number", e.dataSequenceNumber());
    entry.put("file_sequence_number", e.fileSequenceNumber());
    entry.put("data_file", file);
    return entry;
  }

  private static List<GenericRecord> kvArray(
      org.apache.avro.Schema record, String field, Map<Integer, ?> map) {
    if (map == null) {
      return null;
    }
    org.apache.avro.Schema kv =
        ManifestSchemas.nonNull(record.getField(field).schema()).getElementType();
    List<GenericRecord> out = new ArrayList<>(map.size());
    for (Map.Entry<Integer, ?> e : map.entrySet()) {
      GenericData.Record r = new GenericData.Record(kv);
      r.put(0, e.getKey());
      Object v = e.getValue();
      // Avro consumes a buffer's remaining bytes; a duplicate keeps the caller's position intact.
      r.put(1, v instanceof ByteBuffer ? ((ByteBuffer) v).duplicate() : v);
      out.add(r);
    }
    return out;
  }
}
