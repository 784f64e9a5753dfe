package io.datashard.storage.s3;

import io.datashard.DataShardConfig;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendFactory;

/**
 * Creates the {@code s3} backend from the {@code s3.*} settings ({@code DATASHARD_S3_*}, see
 * {@link S3Settings}). Registered for {@link java.util.ServiceLoader}.
 */
public final class S3StorageBackendFactory implements StorageBackendFactory {
  @Override
  public String type() {
    return S3StorageBackend.TYPE;
  }

  /**
   * @throws io.datashard.exceptions.DataShardException naming the variable of a missing,
   *     half-given or invalid setting
   */
  @Override
  public StorageBackend create(DataShardConfig config) {
    return S3StorageBackend.create(config);
  }
}
