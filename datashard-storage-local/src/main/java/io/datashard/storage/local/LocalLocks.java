package io.datashard.storage.local;

import io.datashard.exceptions.StorageException;
import io.datashard.spi.SupportsAdvisoryLock.AdvisoryLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advisory locks on lock files ({@code .lock-<name>}), for {@link LocalStorageBackend#tryLock}.
 *
 * <p>Two layers, because an OS file lock ({@code fcntl}, via {@link FileChannel#tryLock()})
 * belongs to the whole process: a second lock on the same file from the same JVM throws {@link
 * java.nio.channels.OverlappingFileLockException}, and closing any channel of the file would drop
 * the lock of another. So threads of one JVM first take a per-file semaphore (one holder per
 * file in the JVM), and only the semaphore's holder opens the file and takes the OS lock, which
 * excludes other processes. The OS releases the file lock when the holding process dies, however
 * it dies.
 *
 * <p>The OS lock is polled with {@link FileChannel#tryLock()} rather than waited for with {@link
 * FileChannel#lock()}, because the blocking call has no timeout. The poll interval starts at
 * {@value #MIN_POLL_MICROS} µs and doubles up to {@value #MAX_POLL_MICROS} µs, short next to a
 * commit (milliseconds) so a released lock is picked up quickly, long enough that waiting
 * processes do not take the CPU from the one holding it.
 *
 * <p>Lock files are created on first use and never deleted: deleting one while a process holds
 * it would let the next process lock a new file of the same name, and two would hold "the" lock.
 */
final class LocalLocks {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLocks.class);
  static final long MIN_POLL_MICROS = 50;
  static final long MAX_POLL_MICROS = 1000;

  /** One semaphore per lock file in this JVM, keyed by the file's absolute path. */
  private static final ConcurrentHashMap<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();

  private LocalLocks() {}

  /**
   * Takes the lock on {@code file}, waiting at most {@code timeoutNanos}.
   *
   * @return the held lock, or empty on timeout
   * @throws StorageException if the lock file cannot be created, opened or locked
   */
  static Optional<AdvisoryLock> tryLock(Path file, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    Semaphore inJvm = IN_JVM.computeIfAbsent(file, f -> new Semaphore(1));
    if (!inJvm.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    FileChannel channel = null;
    boolean handedOver = false;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      long pollMicros = MIN_POLL_MICROS;
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          handedOver = true; // the held lock owns the channel and the semaphore now
          return Optional.of(new Held(file, channel, inJvm));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        LockSupport.parkNanos(Math.min(left, TimeUnit.MICROSECONDS.toNanos(pollMicros)));
        if (Thread.interrupted()) {
          throw new InterruptedException("Interrupted while waiting for the lock " + file);
        }
        pollMicros = Math.min(MAX_POLL_MICROS, pollMicros * 2);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot take the advisory lock on " + file + ": " + e, e);
    } finally {
      if (!handedOver) {
        if (channel != null) {
          closeQuietly(file, channel);
        }
        inJvm.release();
      }
    }
  }

  private static void closeQuietly(Path file, FileChannel channel) {
    try {
      channel.close(); // releases the OS lock, if taken
    } catch (IOException e) {
      // Nothing to undo: the lock goes with the channel, and with the process at the latest.
      LOG.warn("Could not close the lock file {}: {}", file, e.toString());
    }
  }

  /** A held lock: the open channel that holds the OS lock, and this JVM's semaphore. */
  private static final class Held implements AdvisoryLock {
    private final Path file;
    private final FileChannel channel;
    private final Semaphore inJvm;
    private boolean released;

    Held(Path file, FileChannel channel, Semaphore inJvm) {
      this.file = file;
      this.channel = channel;
      this.inJvm = inJvm;
    }

    @Override
    public String location() {
      return file.toString();
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      // The OS lock first: the next holder in this JVM must find the file lock free.
      closeQuietly(file, channel);
      inJvm.release();
    }

    @Override
    public String toString() {
      return "lock " + file;
    }
  }
}
