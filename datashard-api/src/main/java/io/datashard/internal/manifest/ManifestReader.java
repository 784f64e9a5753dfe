package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.AvroFields.bytesMap;
import static io.datashard.internal.manifest.AvroFields.longList;
import static io.datashard.internal.manifest.AvroFields.longMap;
import static io.datashard.internal.manifest.AvroFields.string;
import static io.datashard.internal.manifest.AvroFields.toInt;
import static io.datashard.internal.manifest.AvroFields.toLong;

import io.datashard.DataFile;
import io.datashard.exceptions.DataShardException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a data manifest and applies metadata inheritance from its manifest-list record.
 *
 * <p>Reads v2 manifests written by DataShard and v1/v2 manifests written by Iceberg-Java or other
 * Iceberg writers: fields are found by field id (then by name) in the file's own schema, unknown
 * fields are ignored and missing optional fields read as null. Partition tuples are not read
 * yet (DataShard tables are unpartitioned).
 *
 * <p>Inheritance, per the spec: a null snapshot id becomes the manifest's added snapshot id; null
 * sequence numbers of ADDED entries become the manifest's sequence number; a v1 manifest (no
 * sequence number fields) has sequence number 0 throughout.
 */
public final class ManifestReader {
  private ManifestReader() {}

  /**
   * Reads all entries of the manifest, DELETED ones included.
   *
   * @param bytes the whole manifest file
   * @param manifest the manifest's record from the manifest list
   * @throws io.datashard.exceptions.CorruptTableException if the length differs from the one the
   *     manifest list records, or the bytes are not a readable manifest
   * @throws DataShardException if the manifest lists delete files or non-Parquet files
   * @throws IllegalArgumentException if {@code manifest} has no sequence number yet
   */
  public static List<ManifestEntry> read(byte[] bytes, ManifestFile manifest) {
    // First, because Avro stops cleanly at a block boundary: a truncated manifest would
    // otherwise read as a shorter, valid-looking list and files would silently vanish.
    if (bytes.length != manifest.length()) {
      throw ManifestErrors.wrongLength(manifest.path(), bytes.length, manifest.length());
    }
    if (manifest.sequenceNumber() == ManifestFile.UNASSIGNED_SEQUENCE_NUMBER) {
      throw new IllegalArgumentException(
          "Cannot read " + manifest.path() + " before a manifest list assigned it a sequence"
              + " number: pass the ManifestFile read from the manifest list");
    }
    AvroContainer container;
    try {
      container = AvroContainer.parse(bytes);
    } catch (IOException e) {
      throw ManifestErrors.unreadable("Manifest", manifest.path(), e);
    }
    Schema entrySchema = container.schema();
    AvroFields fields = new AvroFields();
    boolean hasDataSeq = fields.has(entrySchema, ManifestSchemas.SEQUENCE_NUMBER,
        "sequence_number");
    boolean hasFileSeq = fields.has(entrySchema, ManifestSchemas.FILE_SEQUENCE_NUMBER,
        "file_sequence_number");
    List<ManifestEntry> entries =
        new ArrayList<>((int) Math.min(container.recordCount(), 100_000));
    try {
      container.forEach(
          record -> entries.add(toEntry(record, fields, manifest, hasDataSeq, hasFileSeq)));
    } catch (DataShardException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // A record that is valid Avro but not a manifest entry fails in the conversions.
      throw ManifestErrors.unreadable("Manifest", manifest.path(), e);
    }
    return entries;
  }

  private static ManifestEntry toEntry(
      GenericRecord r,
      AvroFields fields,
      ManifestFile manifest,
      boolean hasDataSeq,
      boolean hasFileSeq) {
    ManifestEntry.Status status =
        ManifestEntry.Status.fromId(toInt(fields.get(r, ManifestSchemas.STATUS, "status")));
    GenericRecord file = (GenericRecord) fields.get(r, ManifestSchemas.DATA_FILE, "data_file");
    DataFile dataFile = toDataFile(file, fields, manifest.path());

    Long snapshotId = toLong(fields.get(r, ManifestSchemas.SNAPSHOT_ID, "snapshot_id"));
    if (snapshotId == null) {
      // The spec inherits a null snapshot id whatever the status.
      snapshotId = manifest.addedSnapshotId();
    }
    Long dataSeq = toLong(fields.get(r, ManifestSchemas.SEQUENCE_NUMBER, "sequence_number"));
    Long fileSeq =
        toLong(fields.get(r, ManifestSchemas.FILE_SEQUENCE_NUMBER, "file_sequence_number"));
    if (!hasDataSeq) {
      // A v1 manifest: every file has sequence number 0.
      dataSeq = 0L;
      fileSeq = 0L;
    } else if (status == ManifestEntry.Status.ADDED) {
      dataSeq = dataSeq == null ? manifest.sequenceNumber() : dataSeq;
      fileSeq = fileSeq == null ? manifest.sequenceNumber() : fileSeq;
    } else if (dataSeq == null || (hasFileSeq && fileSeq == null)) {
      throw ManifestErrors.missingSequenceNumber(
          manifest.path(), status.name(), dataFile.path());
    }
    // Otherwise a v2 manifest from before file sequence numbers existed (Iceberg-Java < 1.1)
    // leaves the file sequence number of a carried-over entry unknown (null).
    return new ManifestEntry(status, snapshotId, dataSeq, fileSeq, dataFile);
  }

  private static DataFile toDataFile(GenericRecord f, AvroFields fields, String manifestPath) {
    String path = string(fields.get(f, ManifestSchemas.FILE_PATH, "file_path"));
    Integer content = toInt(fields.get(f, ManifestSchemas.CONTENT, "content"));
    if (content != null && content != 0) {
      throw ManifestErrors.unsupportedContent(manifestPath, path, content);
    }
    String format = string(fields.get(f, ManifestSchemas.FILE_FORMAT, "file_format"));
    // The spec spells formats in lower case, Iceberg-Java and pyiceberg in upper case.
    format = format == null ? null : format.toUpperCase(Locale.ROOT);
    if (!DataFile.FORMAT_PARQUET.equals(format)) {
      throw ManifestErrors.unsupportedFormat(manifestPath, path, format);
    }
    return DataFile.builder()
        .path(path)
        .format(format)
        .recordCount(toLong(fields.get(f, ManifestSchemas.RECORD_COUNT, "record_count")))
        .fileSizeInBytes(toLong(fields.get(f, ManifestSchemas.FILE_SIZE, "file_size_in_bytes")))
        .columnSizes(longMap(fields.get(f, ManifestSchemas.COLUMN_SIZES, "column_sizes")))
        .valueCounts(longMap(fields.get(f, ManifestSchemas.VALUE_COUNTS, "value_counts")))
        .nullValueCounts(
            longMap(fields.get(f, ManifestSchemas.NULL_VALUE_COUNTS, "null_value_counts")))
        .nanValueCounts(
            longMap(fields.get(f, ManifestSchemas.NAN_VALUE_COUNTS, "nan_value_counts")))
        .lowerBounds(bytesMap(fields.get(f, ManifestSchemas.LOWER_BOUNDS, "lower_bounds")))
        .upperBounds(bytesMap(fields.get(f, ManifestSchemas.UPPER_BOUNDS, "upper_bounds")))
        .splitOffsets(longList(fields.get(f, ManifestSchemas.SPLIT_OFFSETS, "split_offsets")))
        .build();
  }
}
