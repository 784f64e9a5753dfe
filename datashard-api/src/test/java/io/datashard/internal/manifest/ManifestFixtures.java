package io.datashard.internal.manifest;

import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Shared test values. */
final class ManifestFixtures {
  static final Schema TABLE_SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("name", Types.STRING)
      .optional("score", Types.DOUBLE)
      .build();

  private ManifestFixtures() {}

  static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A data file with every optional metric filled. */
  static DataFile fullFile(String name, long records) {
    return DataFile.builder()
        .path("file:///tmp/t/data/" + name + ".parquet")
        .recordCount(records)
        .fileSizeInBytes(4096 + records)
        .columnSizes(Map.of(1, 100L, 2, 200L, 3, 300L))
        .valueCounts(Map.of(1, records, 2, records, 3, records))
        .nullValueCounts(Map.of(1, 0L, 2, 3L, 3, 1L))
        .nanValueCounts(Map.of(3, 2L))
        .lowerBounds(Map.of(1, ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}),
            2, bytes("aardvark")))
        .upperBounds(Map.of(1, ByteBuffer.wrap(new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0}),
            2, bytes("zebra")))
        .splitOffsets(List.of(4L, 2048L))
        .build();
  }

  /** A data file with no metrics at all. */
  static DataFile bareFile(String name, long records) {
    return DataFile.builder()
        .path("s3://bucket/t/data/" + name + ".parquet")
        .recordCount(records)
        .fileSizeInBytes(1000)
        .build();
  }

  static ManifestFile.Builder listed(String path, byte[] bytes, long snapshotId, long seq) {
    return ManifestFile.builder()
        .path(path)
        .length(bytes.length)
        .addedSnapshotId(snapshotId)
        .sequenceNumber(seq)
        .minSequenceNumber(seq);
  }
}
