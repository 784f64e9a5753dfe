package io.datashard.storage.s3;

import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendContractTest;
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
}
