package io.datashard.storage.s3;

import io.datashard.spi.ObjectInfo;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendContractTest;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared backend contract (the very tests the local backend runs), against S3Proxy 4.1.0 on
 * loopback: one bucket for the class, a fresh prefix per test. Part size 5 MiB, so the 24 MiB
 * streaming test goes through a concurrent multipart upload.
 */
class S3StorageBackendContractTest extends StorageBackendContractTest {
  private static String bucket;

  @BeforeAll
  static void bucket() {
    bucket = S3TestServer.get().newBucket();
  }

  @Override
  protected StorageBackend newBackend() {
    return S3StorageBackend.create(S3TestServer.get()
        .config(bucket, S3TestServer.newPrefix("contract"))
        .set(S3Settings.PART_SIZE, Long.toString(5L * 1024 * 1024))
        .build());
  }

  /** S3 keeps the user metadata and adds the SHA-256 of an object written in one PUT. */
  @Override
  protected Map<String, String> expectedStoredMetadata(Map<String, String> given, byte[] content) {
    return withSha256(given, content);
  }

  static Map<String, String> withSha256(Map<String, String> given, byte[] content) {
    Map<String, String> expected = new HashMap<>(given);
    try {
      expected.put(ObjectInfo.CONTENT_SHA256,
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return expected;
  }
}
