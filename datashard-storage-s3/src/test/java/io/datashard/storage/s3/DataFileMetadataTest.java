package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Every data file DataShard writes on S3 carries user metadata that traces it to its table and
 * commit and lets its bytes be verified (issue 6): {@code x-amz-meta-table-uuid}, {@code
 * x-amz-meta-commit-id} and, for files uploaded in one PUT, {@code x-amz-meta-content-sha256}.
 */
class DataFileMetadataTest {
  private static String bucket;

  @BeforeAll
  static void bucket() {
    bucket = S3TestServer.get().newBucket();
  }

  private static Warehouse open(String... settings) {
    var b = S3TestServer.get().config(bucket, S3TestServer.newPrefix("traced"));
    for (int i = 0; i < settings.length; i += 2) {
      b.set(settings[i], settings[i + 1]);
    }
    return Warehouse.open(b.build());
  }

  /** HEAD of the object itself, through the SDK: what any S3 tool would see. */
  private static HeadObjectResponse head(Warehouse wh, DataFile file) {
    S3StorageBackend s3 = (S3StorageBackend) wh.backend();
    return s3.client().headObject(b -> b.bucket(bucket)
        .key(s3.objectKey(s3.keyOf(file.path()))));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aSmallAppendsDataFileCarriesItsSha256TableUuidAndCommitId() throws Exception {
    try (Warehouse wh = open()) {
      Table table = wh.createTable("events", EVENTS);
      Snapshot s = table.appendRecords(batch("traced", 5));
      List<DataFile> files = table.scan().planFiles();
      assertEquals(1, files.size());
      DataFile file = files.get(0);
      byte[] bytes = wh.backend().read(wh.backend().keyOf(file.path()));
      Map<String, String> expected = Map.of(
          "content-sha256", sha256(bytes),
          "table-uuid", table.uuid(),
          "commit-id", s.summary().get("datashard.commit-id"));
      assertEquals(expected, head(wh, file).metadata());
      assertEquals(expected,
          wh.backend().stat(wh.backend().keyOf(file.path())).orElseThrow().metadata());
      assertEquals(36, table.uuid().length());
      assertEquals(36, s.summary().get("datashard.commit-id").length());
    }
  }

  @Test
  void aMultipartDataFileCarriesTableUuidAndCommitIdButNoSha256() throws Exception {
    try (Warehouse wh = open(S3Settings.PART_SIZE, Long.toString(5L * 1024 * 1024))) {
      Table table = wh.createTable("big", EVENTS);
      Random random = new Random(11);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        byte[] noise = new byte[96 * 1024];
        random.nextBytes(noise);
        rows.add(Map.of("user_id", (long) i, "event", Base64.getEncoder().encodeToString(noise)));
      }
      Snapshot s = table.appendRecords(rows);
      DataFile file = table.scan().planFiles().get(0);
      assertTrue(file.fileSizeInBytes() > 5L * 1024 * 1024,
          "the file must exceed one part to be a multipart upload: " + file.fileSizeInBytes());
      assertEquals(Map.of(
          "table-uuid", table.uuid(),
          "commit-id", s.summary().get("datashard.commit-id")), head(wh, file).metadata());
      assertEquals(64, table.scan().toRecords().size());
    }
  }

  @Test
  void filesWrittenBeforeTheirCommitCarryTheTableUuidAndSha256Only() throws Exception {
    try (Warehouse wh = open()) {
      Table table = wh.createTable("staged", EVENTS);
      DataFile file = table.writeDataFiles(batch("staged", 2)).get(0);
      byte[] bytes = wh.backend().read(wh.backend().keyOf(file.path()));
      assertEquals(Map.of("content-sha256", sha256(bytes), "table-uuid", table.uuid()),
          head(wh, file).metadata());
    }
  }

  @Test
  void metadataNamesS3CannotCarryAreRefusedNamingTheObject() {
    try (Warehouse wh = open()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> wh.backend().create("t/data/x.parquet", Map.of("Table_UUID", "u")));
      assertEquals("Invalid metadata name 'Table_UUID' for " + wh.backend().uri("t/data/x.parquet")
          + ": use lower-case ASCII letters, digits and '-', and never 'content-sha256' (the"
          + " backend computes it)", e.getMessage());
      IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
          () -> wh.backend().create("t/data/x.parquet", Map.of("note", "caf\u00e9")));
      assertEquals("Invalid value of metadata 'note' for " + wh.backend().uri("t/data/x.parquet")
          + ": use printable ASCII characters only", v.getMessage());
    }
  }
}
