package io.datashard.storage.local;

import io.datashard.DataShardConfig;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendFactory;

/**
 * Creates the {@code local} backend from {@code local.root} ({@code DATASHARD_LOCAL_ROOT}),
 * {@code ./datashard-warehouse} by default, resolved against the working directory. Registered for
 * {@link java.util.ServiceLoader}.
 */
public final class LocalStorageBackendFactory implements StorageBackendFactory {
  @Override
  public String type() {
    return LocalStorageBackend.TYPE;
  }

  /**
   * @throws io.datashard.exceptions.DataShardException naming the path and {@code
   *     DATASHARD_LOCAL_ROOT} if the root is not a directory or cannot be created
   */
  @Override
  public StorageBackend create(DataShardConfig config) {
    return LocalStorageBackend.forRoot(
        config.get(DataShardConfig.LOCAL_ROOT, DataShardConfig.DEFAULT_LOCAL_ROOT));
  }
}
