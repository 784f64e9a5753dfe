package io.datashard.storage.local;

import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared backend contract, run against the local backend in a fresh temp directory. */
class LocalStorageBackendContractTest extends StorageBackendContractTest {
  @TempDir Path tempDir;

  @Override
  protected StorageBackend newBackend() {
    try {
      return new LocalStorageBackend(Files.createTempDirectory(tempDir, "warehouse"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
