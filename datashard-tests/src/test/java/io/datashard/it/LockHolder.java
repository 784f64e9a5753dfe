package io.datashard.it;

import io.datashard.spi.SupportsAdvisoryLock.AdvisoryLock;
import io.datashard.storage.local.LocalStorageBackend;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that holds an advisory lock of the local backend, for the commit-lock tests: {@code
 * LockHolder <root> <lockKey>} takes the lock, prints {@code LOCKED}, and holds it until its
 * standard input closes (or it is killed).
 */
public final class LockHolder {
  static final String LOCKED = "LOCKED";

  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    LocalStorageBackend backend = new LocalStorageBackend(Path.of(args[0]));
    try (AdvisoryLock lock = backend.tryLock(args[1], Duration.ofMinutes(1)).orElseThrow(
        () -> new IllegalStateException("the lock " + args[1] + " was not free"))) {
      System.out.println(LOCKED + " " + lock.location());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // hold the lock until the parent closes our input or kills us
      }
    }
  }
}
