package io.datashard.spi;

import io.datashard.exceptions.StorageException;
import java.time.Duration;
import java.util.Optional;

/**
 * An optional capability of a {@link StorageBackend}: an advisory lock shared by every process
 * that uses the same storage, which DataShard takes around a commit so that writer processes
 * queue for the next version instead of racing for it and retrying. The local backend implements
 * it with an OS file lock; the S3 backend does not (a lock on an object store needs a lock
 * service, which DataShard avoids).
 *
 * <p><b>The lock is advisory and never decides who wins a commit.</b> The put-if-absent of the
 * next version stays the commit point, so a writer that does not take the lock (an older
 * DataShard, another engine, a process that timed out waiting) is still safe; it only races.
 * The contract an implementation meets:
 *
 * <ol>
 *   <li>at most one holder of the lock named by a key at a time, among all threads and all
 *       processes that take it through this interface on the same storage;
 *   <li>a holder that dies (its process exits or is killed) releases the lock, so a crash never
 *       blocks other writers;
 *   <li>{@link #tryLock} never waits longer than its timeout (plus the time of one lock
 *       attempt): it returns empty instead.
 * </ol>
 */
public interface SupportsAdvisoryLock {
  /**
   * Takes the advisory lock named by {@code key}, waiting at most {@code timeout} for another
   * holder to release it. The key is the name of the lock, not an object: taking it creates no
   * object that {@link StorageBackend#list} or {@link StorageBackend#read} would see.
   *
   * @return the lock, held until it is closed; empty if it was not free within {@code timeout}
   * @throws StorageException if the lock cannot be taken at all (for example its lock file
   *     cannot be created or opened); the message names the file and the cause
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  Optional<AdvisoryLock> tryLock(String key, Duration timeout) throws InterruptedException;

  /** A held advisory lock; {@link #close()} releases it. */
  interface AdvisoryLock extends AutoCloseable {
    /** Where the lock lives, for messages (e.g. the path of the lock file). */
    String location();

    /** Releases the lock. Never throws: a release that fails is logged by the backend. */
    @Override
    void close();
  }
}
