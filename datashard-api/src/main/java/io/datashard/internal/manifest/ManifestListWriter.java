package io.datashard.internal.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes an Iceberg v2 manifest list (the {@code snap-*.avro} file of a snapshot) in memory.
 *
 * <p>Manifests written by this commit carry {@link ManifestFile#UNASSIGNED_SEQUENCE_NUMBER}; the
 * list gives them its own sequence number. A manifest is written once per commit, but a lost race
 * means a new attempt with a new sequence number, so the number is bound here, in the file that
 * is rewritten on every attempt.
 */
public final class ManifestListWriter {
  private static final Schema MANIFEST_FILE = ManifestSchemas.MANIFEST_LIST;
  private static final Schema SUMMARY =
      ManifestSchemas.nonNull(MANIFEST_FILE.getField("partitions").schema()).getElementType();

  /**
   * Metadata key holding the number of manifests written. The container format has no total,
   * and a list cut at a block boundary (or right after its header) is otherwise a valid, shorter
   * list; the reader compares this count. Other Iceberg readers ignore the key.
   */
  static final String COUNT_KEY = "datashard.manifest-count";

  private ManifestListWriter() {}

  /**
   * Serializes the manifest list of a snapshot.
   *
   * @param parentSnapshotId null for the first snapshot of a table
   * @throws IllegalArgumentException if a manifest has an unassigned sequence number but was not
   *     added by {@code snapshotId}, or has an unknown (v1) count, which v2 requires
   */
  public static byte[] write(
      long snapshotId, Long parentSnapshotId, long sequenceNumber, List<ManifestFile> manifests) {
    List<GenericRecord> records = new ArrayList<>(manifests.size());
    for (ManifestFile m : manifests) {
      records.add(toRecord(m, snapshotId, sequenceNumber));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 256 * manifests.size());
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(MANIFEST_FILE))) {
      writer.setCodec(CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL));
      writer.setMeta("snapshot-id", String.valueOf(snapshotId));
      // Iceberg-Java writes the text "null" for a missing parent; do the same.
      writer.setMeta("parent-snapshot-id", String.valueOf(parentSnapshotId));
      writer.setMeta("sequence-number", String.valueOf(sequenceNumber));
      writer.setMeta("format-version", "2");
      writer.setMeta(COUNT_KEY, String.valueOf(records.size()));
      writer.create(MANIFEST_FILE, out);
      for (GenericRecord r : records) {
        writer.append(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serialize a manifest list in memory", e);
    }
    return out.toByteArray();
  }

  private static GenericRecord toRecord(ManifestFile m, long snapshotId, long sequenceNumber) {
    long seq = m.sequenceNumber();
    long minSeq = m.minSequenceNumber();
    if (seq == ManifestFile.UNASSIGNED_SEQUENCE_NUMBER
        || minSeq == ManifestFile.UNASSIGNED_SEQUENCE_NUMBER) {
      // Only this commit's own manifests may take its number: an older manifest getting it
      // would make its files look newer than they are.
      if (m.addedSnapshotId() != snapshotId) {
        throw new IllegalArgumentException(
            "Manifest " + m.path() + " from snapshot " + m.addedSnapshotId() + " has no sequence"
                + " number; only manifests added by snapshot " + snapshotId + " may inherit one");
      }
      seq = seq == ManifestFile.UNASSIGNED_SEQUENCE_NUMBER ? sequenceNumber : seq;
      minSeq = minSeq == ManifestFile.UNASSIGNED_SEQUENCE_NUMBER ? sequenceNumber : minSeq;
    }
    if (m.addedFilesCount() < 0 || m.existingFilesCount() < 0 || m.deletedFilesCount() < 0
        || m.addedRowsCount() < 0 || m.existingRowsCount() < 0 || m.deletedRowsCount() < 0) {
      throw new IllegalArgumentException(
          "Manifest " + m.path() + " has unknown file or row counts (read from a v1 manifest"
              + " list); a v2 manifest list needs them: rewrite the manifest first");
    }
    GenericData.Record r = new GenericData.Record(MANIFEST_FILE);
    r.put("manifest_path", m.path());
    r.put("manifest_length", m.length());
    r.put("partition_spec_id", m.partitionSpecId());
    r.put("content", m.content());
    r.put("sequence_number", seq);
    r.put("min_sequence_number", minSeq);
    r.put("added_snapshot_id", m.addedSnapshotId());
    r.put("added_files_count", m.addedFilesCount());
    r.put("existing_files_count", m.existingFilesCount());
    r.put("deleted_files_count", m.deletedFilesCount());
    r.put("added_rows_count", m.addedRowsCount());
    r.put("existing_rows_count", m.existingRowsCount());
    r.put("deleted_rows_count", m.deletedRowsCount());
    List<GenericRecord> summaries = new ArrayList<>(m.partitions().size());
    for (ManifestFile.PartitionFieldSummary s : m.partitions()) {
      GenericData.Record sr = new GenericData.Record(SUMMARY);
      sr.put("contains_null", s.containsNull());
      sr.put("contains_nan", s.containsNan());
      sr.put("lower_bound", s.lowerBound() == null ? null : s.lowerBound().duplicate());
      sr.put("upper_bound", s.upperBound() == null ? null : s.upperBound().duplicate());
      summaries.add(sr);
    }
    r.put("partitions", summaries);
    return r;
  }
}
