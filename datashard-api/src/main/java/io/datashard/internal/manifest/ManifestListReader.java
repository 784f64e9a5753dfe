package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.AvroFields.bytes;
import static io.datashard.internal.manifest.AvroFields.string;
import static io.datashard.internal.manifest.AvroFields.toInt;
import static io.datashard.internal.manifest.AvroFields.toLong;

import io.datashard.exceptions.CorruptTableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a manifest list written by DataShard, Iceberg-Java or another Iceberg writer, v1 or v2.
 *
 * <p>Fields are found by field id, then by name (early Iceberg-Java wrote
 * {@code added_data_files_count} and so on). A v1 list has no sequence numbers or content: they
 * read as 0, as the spec says. v1 made the counts optional; a missing count reads as
 * {@link ManifestFile#UNKNOWN_COUNT}.
 */
public final class ManifestListReader {
  private ManifestListReader() {}

  /**
   * Reads every manifest record of the list.
   *
   * @param location the list's path, for error messages
   * @throws io.datashard.exceptions.CorruptTableException if the bytes are not a readable
   *     manifest list
   */
  public static List<ManifestFile> read(byte[] bytes, String location) {
    AvroContainer container;
    try {
      container = AvroContainer.parse(bytes);
    } catch (IOException e) {
      throw ManifestErrors.unreadable("Manifest list", location, e);
    }
    long records = container.recordCount();
    String written = container.metaString(ManifestListWriter.COUNT_KEY);
    if (written != null && Long.parseLong(written) != records) {
      throw ManifestErrors.wrongCount(location, records, Long.parseLong(written));
    }
    List<ManifestFile> manifests = new ArrayList<>((int) Math.min(records, 10_000));
    AvroFields fields = new AvroFields();
    try {
      container.forEach(record -> manifests.add(toManifest(record, fields)));
    } catch (CorruptTableException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // A record that is valid Avro but not a manifest_file fails in the conversions.
      throw ManifestErrors.unreadable("Manifest list", location, e);
    }
    return manifests;
  }

  private static ManifestFile toManifest(GenericRecord r, AvroFields f) {
    ManifestFile.Builder b = ManifestFile.builder()
        .path(string(f.get(r, ManifestSchemas.MANIFEST_PATH, "manifest_path")))
        .length(toLong(f.get(r, ManifestSchemas.MANIFEST_LENGTH, "manifest_length")))
        .partitionSpecId(toInt(f.get(r, ManifestSchemas.PARTITION_SPEC_ID, "partition_spec_id")))
        .content(intOr(f.get(r, ManifestSchemas.MANIFEST_CONTENT, "content"), 0))
        .sequenceNumber(longOr(f.get(r, ManifestSchemas.LIST_SEQUENCE_NUMBER, "sequence_number"), 0))
        .minSequenceNumber(
            longOr(f.get(r, ManifestSchemas.MIN_SEQUENCE_NUMBER, "min_sequence_number"), 0))
        .addedSnapshotId(toLong(f.get(r, ManifestSchemas.ADDED_SNAPSHOT_ID, "added_snapshot_id")))
        .addedFilesCount(intOr(f.get(r, ManifestSchemas.ADDED_FILES_COUNT,
            "added_files_count", "added_data_files_count"), ManifestFile.UNKNOWN_COUNT))
        .existingFilesCount(intOr(f.get(r, ManifestSchemas.EXISTING_FILES_COUNT,
            "existing_files_count", "existing_data_files_count"), ManifestFile.UNKNOWN_COUNT))
        .deletedFilesCount(intOr(f.get(r, ManifestSchemas.DELETED_FILES_COUNT,
            "deleted_files_count", "deleted_data_files_count"), ManifestFile.UNKNOWN_COUNT))
        .addedRowsCount(longOr(f.get(r, ManifestSchemas.ADDED_ROWS_COUNT, "added_rows_count"),
            ManifestFile.UNKNOWN_COUNT))
        .existingRowsCount(longOr(f.get(r, ManifestSchemas.EXISTING_ROWS_COUNT,
            "existing_rows_count"), ManifestFile.UNKNOWN_COUNT))
        .deletedRowsCount(longOr(f.get(r, ManifestSchemas.DELETED_ROWS_COUNT,
            "deleted_rows_count"), ManifestFile.UNKNOWN_COUNT));
    Object partitions = f.get(r, ManifestSchemas.PARTITIONS, "partitions");
    if (partitions != null) {
      List<ManifestFile.PartitionFieldSummary> summaries = new ArrayList<>();
      for (Object o : (Collection<?>) partitions) {
        GenericRecord s = (GenericRecord) o;
        summaries.add(new ManifestFile.PartitionFieldSummary(
            (Boolean) f.get(s, ManifestSchemas.CONTAINS_NULL, "contains_null"),
            (Boolean) f.get(s, ManifestSchemas.CONTAINS_NAN, "contains_nan"),
            bytes(f.get(s, ManifestSchemas.LOWER_BOUND, "lower_bound")),
            bytes(f.get(s, ManifestSchemas.UPPER_BOUND, "upper_bound"))));
      }
      b.partitions(summaries);
    }
    return b.build();
  }

  private static int intOr(Object v, int fallback) {
    Integer i = toInt(v);
    return i == null ? fallback : i;
  }

  private static long longOr(Object v, long fallback) {
    Long l = toLong(v);
    return l == null ? fallback : l;
  }
}
