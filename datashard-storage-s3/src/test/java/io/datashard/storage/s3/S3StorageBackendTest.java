package io.datashard.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.DataShardConfig;
import io.datashard.Warehouse;
import io.datashard.exceptions.StorageException;
import io.datashard.spi.PositionOutputStream;
import io.datashard.spi.SeekableInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the S3 backend does beyond the shared contract: layout, multipart, ranged reads. */
class S3StorageBackendTest {
  private static final int MIB = 1024 * 1024;
  private String bucket;
  private RequestLog log;
  private S3StorageBackend backend;

  @BeforeEach
  void open() {
    bucket = S3TestServer.get().newBucket();
    log = new RequestLog();
    backend = new S3StorageBackend(S3Settings.from(S3TestServer.get().config(bucket, "/wh/a/")
        .set(S3Settings.PART_SIZE, Integer.toString(5 * MIB))
        .set(S3Settings.MULTIPART_CONCURRENCY, "2").build()), List.of(log));
  }

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void keysLiveUnderThePrefixAndUrisNameBucketAndPrefix() {
    backend.put("t/data/x y.parquet", new byte[3]);
    assertEquals("s3://" + bucket + "/wh/a/t/data/x y.parquet", backend.uri("t/data/x y.parquet"));
    assertEquals(List.of("wh/a/t/data/x y.parquet"), S3TestServer.get().admin()
        .listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList());
    StorageException e = assertThrows(StorageException.class,
        () -> backend.keyOf("s3://" + bucket + "/wh/b/t/x"));
    assertEquals("URI s3://" + bucket + "/wh/b/t/x does not lie under this backend's root s3://"
        + bucket + "/wh/a/", e.getMessage());
  }

  @Test
  void theConditionalWriteProbeRunsOnceBeforeTheFirstWriteAndLeavesNothing() {
    backend.put("a", new byte[1]);
    backend.put("b", new byte[1]);
    List<String> requests = log.requests();
    assertEquals(5, requests.size(), requests.toString());
    String probe = "PUT /" + bucket + "/wh/a/" + ConditionalWriteCheck.PROBE_PREFIX;
    assertEquals(true, requests.get(0).startsWith(probe) && requests.get(0).endsWith("[If-None-Match]"));
    assertEquals(true, requests.get(1).startsWith(probe) && requests.get(1).endsWith("[If-None-Match]"));
    assertEquals(true, requests.get(2).startsWith("DELETE /" + bucket + "/wh/a/"
        + ConditionalWriteCheck.PROBE_PREFIX));
    assertEquals(List.of("PUT /" + bucket + "/wh/a/a", "PUT /" + bucket + "/wh/a/b"),
        requests.subList(3, 5));
    assertEquals(Map.of("a", 1L, "b", 1L), Map.of(backend.list("").get(0).key(), 1L,
        backend.list("").get(1).key(), 1L));
  }

  @Test
  void aLargeWriteIsAMultipartUploadOfConcurrentParts() throws IOException {
    byte[] content = new byte[12 * MIB + 5];
    new Random(3).nextBytes(content);
    try (PositionOutputStream out = backend.create("t/big.bin")) {
      out.write(content);
    }
    List<String> requests = log.requests().subList(3, log.requests().size()); // after the probe
    assertEquals(5, requests.size(), requests.toString());
    assertEquals("POST /" + bucket + "/wh/a/t/big.bin?uploads", requests.get(0));
    assertEquals(3, requests.stream().filter(r -> r.contains("partNumber=")).count());
    assertEquals(true, requests.get(4).startsWith("POST /" + bucket + "/wh/a/t/big.bin?uploadId="));
    assertArrayEquals(content, backend.read("t/big.bin"));
    assertEquals(List.of(), S3TestServer.get().admin()
        .listMultipartUploads(b -> b.bucket(bucket)).uploads());
  }

  @Test
  void abortOfAMultipartWriteAbortsTheUploadAndLeavesNothing() throws IOException {
    PositionOutputStream out = backend.create("t/big.bin");
    out.write(new byte[11 * MIB]);
    assertEquals(1, S3TestServer.get().admin()
        .listMultipartUploads(b -> b.bucket(bucket)).uploads().size());
    out.abort();
    assertEquals(List.of(), S3TestServer.get().admin()
        .listMultipartUploads(b -> b.bucket(bucket)).uploads());
    assertEquals(List.of(), backend.list(""));
  }

  @Test
  void aSeekReadsOnlyARangeNeverTheWholeObject() throws IOException {
    byte[] content = new byte[20 * MIB];
    new Random(4).nextBytes(content);
    backend.put("t/data/f.parquet", content);
    log.clear();
    try (SeekableInputStream in = backend.open("t/data/f.parquet")) {
      in.seek(content.length - 8);
      byte[] footer = new byte[8];
      in.readFully(footer, 0, 8);
      assertArrayEquals(Arrays.copyOfRange(content, content.length - 8, content.length), footer);
      in.seek(MIB);
      byte[] chunk = new byte[100];
      in.readFully(chunk, 0, 100);
      assertArrayEquals(Arrays.copyOfRange(content, MIB, MIB + 100), chunk);
    }
    String key = "/" + bucket + "/wh/a/t/data/f.parquet";
    assertEquals(List.of(
        "HEAD " + key,
        "GET " + key + " [Range: bytes=" + (20 * MIB - 8) + "-" + (20 * MIB - 1) + "]",
        "GET " + key + " [Range: bytes=" + MIB + "-" + (9 * MIB - 1) + "]"), log.requests());
  }

  @Test
  void theBackendIsFoundByServiceLoaderFromDatashardVariables() {
    DataShardConfig config = DataShardConfig.fromEnvironment(Map.of(
        "DATASHARD_STORAGE_TYPE", "s3",
        "DATASHARD_S3_ENDPOINT", S3TestServer.get().endpoint().toString(),
        "DATASHARD_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY,
        "DATASHARD_S3_SECRET_KEY", S3TestServer.SECRET_KEY,
        "DATASHARD_S3_BUCKET", bucket,
        "DATASHARD_S3_PREFIX", "env"));
    try (Warehouse wh = Warehouse.open(config)) {
      assertEquals("S3StorageBackend[s3://" + bucket + "/env/ at "
          + S3TestServer.get().endpoint() + "]", wh.backend().toString());
      wh.createTable("events", S3Fixtures.EVENTS).appendRecords(S3Fixtures.batch("env", 2));
      assertEquals(2, wh.loadTable("events").scan().toRecords().size());
    }
  }

  @Test
  void serverSideEncryptionIsRequestedOnEveryWrite() throws IOException {
    RequestLog sseLog = new RequestLog();
    try (S3StorageBackend sse = new S3StorageBackend(S3Settings.from(S3TestServer.get()
        .config(bucket, "sse").set(S3Settings.SSE, "AES256")
        .set(S3Settings.PART_SIZE, Integer.toString(5 * MIB)).build()), List.of(sseLog))) {
      sse.put("a", new byte[1]);
      assertEquals(true, sse.putIfAbsent("b", new byte[1]));
      try (PositionOutputStream out = sse.create("c")) {
        out.write(new byte[6 * MIB]);
      }
      List<String> writes = sseLog.requests().stream()
          .filter(r -> r.startsWith("PUT /" + bucket + "/sse/a") || r.startsWith("PUT /" + bucket
              + "/sse/b") || r.startsWith("POST /" + bucket + "/sse/c?uploads"))
          .toList();
      assertEquals(List.of("PUT /" + bucket + "/sse/a [SSE: AES256]",
          "PUT /" + bucket + "/sse/b [If-None-Match] [SSE: AES256]",
          "POST /" + bucket + "/sse/c?uploads [SSE: AES256]"), writes);
    }
  }

  @Test
  void aKmsKeyWithoutAwsKmsEncryptionFailsAtStart() {
    io.datashard.exceptions.DataShardException e = assertThrows(
        io.datashard.exceptions.DataShardException.class, () -> S3Settings.from(S3TestServer.get()
            .config(bucket, "x").set(S3Settings.SSE_KMS_KEY_ID, "alias/k").build()));
    assertEquals("DATASHARD_S3_SSE_KMS_KEY_ID (s3.sse.kms.key.id) is set but DATASHARD_S3_SSE"
        + " (s3.sse) is not aws:kms: set DATASHARD_S3_SSE (s3.sse)=aws:kms to encrypt with that"
        + " KMS key", e.getMessage());
  }

  @Test
  void deleteSendsAThousandKeysPerRequest() {
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      keys.add("t/data/f-" + i);
    }
    backend.put("t/first", new byte[1]); // the conditional-write probe, before the parallel puts
    keys.add("t/first");
    keys.parallelStream().forEach(k -> backend.put(k, new byte[1]));
    keys.add("t/data/never-existed");
    log.clear();
    backend.delete(keys);
    assertEquals(List.of("POST /" + bucket + "?delete", "POST /" + bucket + "?delete"),
        log.requests());
    assertEquals(List.of(), backend.list(""));
  }
}
