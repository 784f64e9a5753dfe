package io.datashard.spi;

import io.datashard.DataShardConfig;

/**
 * Creates a {@link StorageBackend} for a storage type. Implementations are registered in {@code
 * META-INF/services/io.datashard.spi.StorageBackendFactory} and found with {@link
 * java.util.ServiceLoader}, so the API module never names an implementation.
 */
public interface StorageBackendFactory {
  /** The storage type this factory serves, matched against {@code DATASHARD_STORAGE_TYPE}. */
  String type();

  /**
   * Creates a backend from the configuration.
   *
   * @throws io.datashard.exceptions.DataShardException naming the setting that is missing or
   *     invalid
   */
  StorageBackend create(DataShardConfig config);
}
