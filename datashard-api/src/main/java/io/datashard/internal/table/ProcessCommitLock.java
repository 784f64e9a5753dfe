package io.datashard.internal.table;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.StorageException;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.SupportsAdvisoryLock;
import io.datashard.spi.SupportsAdvisoryLock.AdvisoryLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-process commit lock of one table: an advisory lock ({@link SupportsAdvisoryLock}) on
 * backends that offer one (the local backend), taken after the JVM's own commit lock and held
 * while the committer learns the newest version, builds the next one on it and creates it. Writer
 * processes then queue for the next version instead of racing for it, so a commit costs one
 * attempt instead of many, each of which rewrote a manifest list and backed off.
 *
 * <p>It never decides who wins: the put-if-absent of the next version stays the commit point
 * (DESIGN §9.1). So when the lock is not to be had — the wait exceeds {@code
 * commit.lock.timeout-ms}, or the lock file cannot be used — the commit goes ahead without it,
 * on the optimistic path every writer that does not lock takes, after a WARN that says why.
 */
final class ProcessCommitLock {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCommitLock.class);

  /** Whether to take the cross-process lock where the backend offers one. */
  static final String ENABLED = "commit.process.lock";
  /** The longest wait for the lock before committing without it. */
  static final String TIMEOUT_MS = "commit.lock.timeout-ms";
  static final long DEFAULT_TIMEOUT_MS = 10_000;

  /** What a commit holds: the lock, or nothing (the optimistic path). */
  static final Held NONE = new Held(null);

  private final SupportsAdvisoryLock locks; // null: off, or the backend has no locks
  private final String tableName;
  private final String key;
  private final Duration timeout;
  private final AtomicBoolean unusableReported;

  ProcessCommitLock(TableOperations ops, DataShardConfig config, AtomicBoolean unusableReported) {
    StorageBackend backend = ops.backend();
    boolean enabled = enabled(config);
    this.locks = enabled && backend instanceof SupportsAdvisoryLock l ? l : null;
    this.tableName = ops.name();
    this.key = ops.metadataPrefix() + "commit";
    this.timeout = Duration.ofMillis(timeoutMillis(config));
    this.unusableReported = unusableReported;
  }

  /**
   * Checks the settings, so a bad value fails when the warehouse opens.
   *
   * @throws DataShardException naming the key and its variable
   */
  static void check(DataShardConfig config) {
    enabled(config);
    timeoutMillis(config);
  }

  private static boolean enabled(DataShardConfig config) {
    String v = config.get(ENABLED, "true");
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new DataShardException("Invalid setting '" + ENABLED + "' ("
        + DataShardConfig.variableForKey(ENABLED) + ") = '" + v + "': expected true or false");
  }

  private static long timeoutMillis(DataShardConfig config) {
    return config.getLong(TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 0, 3_600_000);
  }

  /** True when commits of this table take the lock (enabled and offered by the backend). */
  boolean active() {
    return locks != null;
  }

  /**
   * Takes the lock, or returns {@link #NONE} after a WARN when it cannot be had: the wait timed
   * out, or the lock cannot be taken at all (reported once per table and process, since every
   * commit would hit it again).
   *
   * @throws InterruptedException if interrupted while waiting; nothing was committed
   */
  Held acquire() throws InterruptedException {
    if (locks == null) {
      return NONE;
    }
    Optional<AdvisoryLock> lock;
    try {
      lock = locks.tryLock(key, timeout);
    } catch (StorageException e) {
      if (unusableReported.compareAndSet(false, true)) {
        LOG.warn("Table '{}': cannot use the cross-process commit lock ({}); committing without"
                + " it. This is safe (the conditional create of the next version decides every"
                + " commit), but writer processes will race and retry more. Make the lock file"
                + " writable, or set {}=false ({}) to stop trying. Reported once per process.",
            tableName, e.getMessage(), ENABLED, DataShardConfig.variableForKey(ENABLED));
      } else {
        LOG.debug("Table '{}': cannot use the cross-process commit lock ({})", tableName,
            e.getMessage());
      }
      return NONE;
    }
    if (lock.isEmpty()) {
      LOG.warn("Table '{}': waited {} ms for the cross-process commit lock without getting it"
              + " (another process holds it: a long commit, or a process that is stopped or"
              + " hung); committing without it. This is safe (the conditional create of the next"
              + " version decides every commit). If commits routinely wait this long, raise {}"
              + " ({}).",
          tableName, timeout.toMillis(), TIMEOUT_MS, DataShardConfig.variableForKey(TIMEOUT_MS));
      return NONE;
    }
    return new Held(lock.get());
  }

  /** The lock as a commit holds it; {@link #close()} releases it (a no-op for {@link #NONE}). */
  static final class Held implements AutoCloseable {
    private final AdvisoryLock lock;

    private Held(AdvisoryLock lock) {
      this.lock = lock;
    }

    /** True if the lock is held; false on the optimistic path. */
    boolean locked() {
      return lock != null;
    }

    @Override
    public void close() {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
