package io.datashard.storage.s3;

import io.datashard.DataShardConfig;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendContractTest;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shared backend contract against a real MinIO server in a container, where a Docker engine
 * exists (a laptop, some CI). Without Docker every test is skipped with the reason printed, never
 * counted as passed.
 */
class MinioContractTest extends StorageBackendContractTest {
  static final String IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";
  private static MinIOContainer minio;
  private static final String BUCKET = "datashard-contract";
  private static final String SKIPPED = "MinioContractTest skipped: no Docker engine on this"
      + " machine (the same contract runs against S3Proxy in S3StorageBackendContractTest)";

  @BeforeAll
  static void startMinio() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      System.out.println(SKIPPED);
      return; // every test is then skipped in newBackend(), and reported as skipped
    }
    minio = new MinIOContainer(IMAGE);
    minio.start();
    try (S3Client admin = S3Client.builder().endpointOverride(URI.create(minio.getS3URL()))
        .forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(minio.getUserName(), minio.getPassword())))
        .build()) {
      admin.createBucket(b -> b.bucket(BUCKET));
    }
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.stop();
    }
  }

  @Override
  protected StorageBackend newBackend() {
    Assumptions.assumeTrue(minio != null, SKIPPED);
    return S3StorageBackend.create(DataShardConfig.builder()
        .set(S3Settings.ENDPOINT, minio.getS3URL())
        .set(S3Settings.ACCESS_KEY, minio.getUserName())
        .set(S3Settings.SECRET_KEY, minio.getPassword())
        .set(S3Settings.BUCKET, BUCKET)
        .set(S3Settings.PREFIX, S3TestServer.newPrefix("minio"))
        .set(S3Settings.PART_SIZE, Long.toString(5L * 1024 * 1024))
        .build());
  }

  /** MinIO, like S3, keeps the user metadata; the backend adds the SHA-256 of a single PUT. */
  @Override
  protected java.util.Map<String, String> expectedStoredMetadata(
      java.util.Map<String, String> given, byte[] content) {
    return S3StorageBackendContractTest.withSha256(given, content);
  }
}
