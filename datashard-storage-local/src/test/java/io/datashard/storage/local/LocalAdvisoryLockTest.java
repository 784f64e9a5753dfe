package io.datashard.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.exceptions.StorageException;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.SupportsAdvisoryLock.AdvisoryLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend's advisory locks (its {@code SupportsAdvisoryLock} capability) within one
 * JVM; exclusion across processes is tested end to end in datashard-tests.
 */
class LocalAdvisoryLockTest {
  @TempDir Path tempDir;
  private Path root;
  private LocalStorageBackend backend;

  @BeforeEach
  void setUp() {
    root = tempDir.resolve("warehouse");
    backend = new LocalStorageBackend(root);
  }

  @Test
  void lockLivesInAHiddenFileThatListingsDoNotShow() throws Exception {
    backend.put("t/metadata/v1.metadata.json", "{}".getBytes(StandardCharsets.UTF_8));
    try (AdvisoryLock lock = backend.tryLock("t/metadata/commit", Duration.ZERO).orElseThrow()) {
      Path file = root.resolve("t/metadata/.lock-commit");
      assertEquals(file.toRealPath().toString(), lock.location());
      assertTrue(Files.isRegularFile(file));
    }
    assertTrue(Files.isRegularFile(root.resolve("t/metadata/.lock-commit")),
        "the lock file stays (deleting it could let two processes hold the lock)");
    List<String> keys = backend.list("t/").stream().map(ObjectInfo::key).toList();
    assertEquals(List.of("t/metadata/v1.metadata.json"), keys);
  }

  @Test
  void secondHolderInTheSameJvmWaitsAndGetsNothingUntilTheFirstReleases() throws Exception {
    AdvisoryLock first = backend.tryLock("t/metadata/commit", Duration.ZERO).orElseThrow();
    assertEquals(Optional.empty(), backend.tryLock("t/metadata/commit", Duration.ofMillis(20)));
    // A second backend on the same root is the same lock (one file, one JVM semaphore).
    LocalStorageBackend other = new LocalStorageBackend(root);
    assertEquals(Optional.empty(), other.tryLock("t/metadata/commit", Duration.ZERO));
    // A lock of another name is independent.
    backend.tryLock("u/metadata/commit", Duration.ZERO).orElseThrow().close();
    first.close();
    first.close(); // a second release is a no-op, not a release of someone else's lock
    other.tryLock("t/metadata/commit", Duration.ZERO).orElseThrow().close();
  }

  @Test
  void waiterGetsTheLockOnceItIsReleased() throws Exception {
    AdvisoryLock first = backend.tryLock("t/metadata/commit", Duration.ZERO).orElseThrow();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Optional<AdvisoryLock>> waiter = CompletableFuture.supplyAsync(() -> {
      started.countDown();
      try {
        return backend.tryLock("t/metadata/commit", Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(started.await(1, TimeUnit.MINUTES));
    first.close();
    Optional<AdvisoryLock> second = waiter.get(5, TimeUnit.MINUTES);
    assertTrue(second.isPresent(), "the waiter got the lock");
    second.get().close();
  }

  @Test
  void unusableLockFileIsAStorageExceptionNamingIt() throws Exception {
    Files.createDirectories(root.resolve("t/metadata/.lock-commit")); // a directory in its place
    StorageException e = assertThrows(StorageException.class,
        () -> backend.tryLock("t/metadata/commit", Duration.ZERO));
    assertTrue(e.getMessage().startsWith("Cannot take the advisory lock on "
        + root.toRealPath().resolve("t/metadata/.lock-commit") + ": "), e.getMessage());
    // The failed attempt left the JVM's semaphore free.
    Files.delete(root.resolve("t/metadata/.lock-commit"));
    backend.tryLock("t/metadata/commit", Duration.ZERO).orElseThrow().close();
  }

  @Test
  void keysMayNotNameLockFiles() {
    StorageException e = assertThrows(StorageException.class,
        () -> backend.put("t/metadata/.lock-commit", new byte[0]));
    assertEquals("Invalid storage key 't/metadata/.lock-commit': segments starting with '.lock-'"
        + " are reserved for lock files", e.getMessage());
  }
}
