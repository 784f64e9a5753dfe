package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.DataShardConfig;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.StorageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Against S3Proxy 2.6.0, which ignores {@code If-None-Match} like an old S3-compatible store, the
 * backend refuses to write, with the documented message, and leaves nothing behind; the unsafe
 * single-writer mode is an explicit opt-in.
 */
class ConditionalWriteRefusalTest {
  @TempDir static Path work;
  private static LegacyS3Proxy legacy;
  private static S3Client admin;

  @BeforeAll
  static void start() throws Exception {
    legacy = LegacyS3Proxy.start(work);
    admin = legacy.admin();
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (legacy != null) {
      legacy.close();
    }
  }

  private static String newBucket() {
    String bucket = S3TestServer.newPrefix("legacy");
    admin.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  private static DataShardConfig.Builder config(String bucket) {
    return S3TestServer.config(legacy.endpoint(), bucket, "wh");
  }

  private static Map<String, Long> objects(String bucket) {
    Map<String, Long> out = new TreeMap<>();
    for (S3Object o : admin.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      out.put(o.key(), o.size());
    }
    return out;
  }

  private static String refusal(String bucket) {
    return "The S3 endpoint " + legacy.endpoint() + " ignores conditional writes: a second"
        + " PutObject with If-None-Match: * on the same new key in s3://" + bucket + "/wh/ was not"
        + " refused with 412 Precondition Failed. DataShard commits through that condition, so"
        + " concurrent writers could lose commits here; nothing was written. Use a store that"
        + " honours If-None-Match (AWS S3, MinIO, Cloudflare R2, S3Proxy 3 or later; see"
        + " docs/s3.md), or, only if a single process ever writes to these tables, set"
        + " DATASHARD_S3_UNSAFE_SINGLE_WRITER (s3.unsafe.single.writer) to true";
  }

  @Test
  void createTableIsRefusedWithTheDocumentedMessageAndWritesNothing() {
    String bucket = newBucket();
    try (Warehouse wh = Warehouse.open(config(bucket).build())) {
      StorageException e = assertThrows(StorageException.class,
          () -> wh.createTable("events", EVENTS));
      assertEquals(refusal(bucket), e.getMessage());
      assertEquals(Map.of(), objects(bucket));
      // The answer is cached: the next write is refused without probing again.
      StorageException again = assertThrows(StorageException.class,
          () -> wh.createTable("other", EVENTS));
      assertEquals(refusal(bucket), again.getMessage());
      assertEquals(Map.of(), objects(bucket));
    }
  }

  @Test
  void appendToAnExistingTableIsRefusedBeforeAnyDataFileIsWritten() {
    String bucket = newBucket();
    try (Warehouse unsafe = Warehouse.open(
        config(bucket).set(S3Settings.UNSAFE_SINGLE_WRITER, "true").build())) {
      unsafe.createTable("events", EVENTS).appendRecords(batch("first", 3));
    }
    Map<String, Long> before = objects(bucket);
    assertEquals(6, before.size(), before.toString()); // v1, v2, hint, data, manifest, list
    try (Warehouse wh = Warehouse.open(config(bucket).build())) {
      Table table = wh.loadTable("events");
      assertEquals(3, table.scan().toRecords().size()); // reading needs no conditional writes
      StorageException e = assertThrows(StorageException.class,
          () -> table.appendRecords(batch("second", 3)));
      assertEquals(refusal(bucket), e.getMessage());
    }
    assertEquals(before, objects(bucket));
  }

  @Test
  void unsafeSingleWriterModeCommitsAndNeverOverwritesAVersion() {
    String bucket = newBucket();
    try (Warehouse wh = Warehouse.open(
        config(bucket).set(S3Settings.UNSAFE_SINGLE_WRITER, "true").build())) {
      Table table = wh.createTable("events", EVENTS);
      table.appendRecords(batch("a", 2));
      table.appendRecords(batch("b", 3));
      assertEquals(5, wh.loadTable("events").scan().toRecords().size());
      // check-then-write still answers "exists" for a version that is there
      assertEquals(false, wh.backend().putIfAbsent("events/metadata/v1.metadata.json", new byte[1]));
      assertEquals(List.of("events"), wh.listTables());
    }
  }
}
